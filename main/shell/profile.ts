/**
 * Which profile folder (userData: logs, Chromium's state and the single-instance lock; settings
 * only under FLOTILLA_USER_DATA_DIR, else they are the one file of adapters/settings-store.ts)
 * this run uses.
 *
 * Electron's userData is appData + the app's name (electron docs/api/app.md `app.getPath`, v45),
 * the same for `npm start` (electron .) and the installed app, since both read this package.json;
 * and `app.requestSingleInstanceLock()` locks DIR_USER_DATA (shell/browser/api/electron_api_app.cc,
 * App::RequestSingleInstanceLock, at v45.0.0-nightly.20260821). So a development run quit at once
 * while the installed app was running. A development
 * build (`!app.isPackaged`) gets its own folder. `app.setPath('userData')` and the lock must come
 * before 'ready'; logs follow (setAppLogsPath: by default ~/Library/Logs/<name> on macOS, which
 * does not follow userData).
 */
import path from 'node:path';

export interface ProfileInput {
  /** FLOTILLA_USER_DATA_DIR: a folder of its own (end-to-end tests), whatever the build. */
  override: string | undefined;
  isPackaged: boolean;
  /** app.getPath('appData'). */
  appData: string;
  /** app.getName() (package.json productName). */
  name: string;
}

/** The folders to set, or null to keep Electron's defaults (a packaged build). */
export function resolveProfile(input: ProfileInput): { userData: string; logs: string } | null {
  const override = input.override?.trim();
  const userData = override ? path.resolve(override) : input.isPackaged ? null : path.join(input.appData, `${input.name} (development)`);
  return userData === null ? null : { userData, logs: path.join(userData, 'logs') };
}
