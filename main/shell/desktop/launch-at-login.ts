import { START_HIDDEN_FLAG } from './close-to-tray';

/** The part of Electron's `app` this uses (macOS and Windows). */
export interface LoginItemsApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LaunchAtLoginDeps {
  platform: NodeJS.Platform;
  app: LoginItemsApp;
  /** app.isPackaged: a development build registers nothing (see applyLaunchAtLogin). */
  isPackaged: boolean;
  /** Told when a development build leaves Start at login alone. */
  onSkipped?(enabled: boolean): void;
  /** Linux: writes or removes the XDG autostart entry (xdg-autostart.ts). */
  xdgAutostart(enabled: boolean): Promise<void>;
}

/**
 * Settings → Start at login: a login item on macOS and Windows (started with --hidden on
 * Windows, so it waits in the tray), an XDG autostart entry elsewhere.
 *
 * Only a packaged app registers (or removes) itself. A development build would register the bare
 * Electron binary as the login item (electron docs/api/app.md `app.setLoginItemSettings`: `path`
 * defaults to `process.execPath`; macOS: "When an app isn't packaged, code signed, and notarized,
 * `openAtLogin` may silently fail"), and its XDG entry is the installed app's file, which turning
 * the setting off in a development run would delete.
 */
export async function applyLaunchAtLogin(enabled: boolean, deps: LaunchAtLoginDeps): Promise<void> {
  if (!deps.isPackaged) {
    deps.onSkipped?.(enabled);
    return;
  }
  if (deps.platform === 'darwin') deps.app.setLoginItemSettings({ openAtLogin: enabled });
  else if (deps.platform === 'win32') deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [START_HIDDEN_FLAG] });
  else await deps.xdgAutostart(enabled);
}
