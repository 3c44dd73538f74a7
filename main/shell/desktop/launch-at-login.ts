import { START_HIDDEN_FLAG } from './close-to-tray';

/** The part of Electron's `app` this uses (macOS and Windows). */
export interface LoginItemsApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LaunchAtLoginDeps {
  platform: NodeJS.Platform;
  app: LoginItemsApp;
  /** Linux: writes or removes the XDG autostart entry (xdg-autostart.ts). */
  xdgAutostart(enabled: boolean): Promise<void>;
}

/**
 * Settings → Start at login: a login item on macOS and Windows (started with --hidden on
 * Windows, so it waits in the tray), an XDG autostart entry elsewhere.
 */
export async function applyLaunchAtLogin(enabled: boolean, deps: LaunchAtLoginDeps): Promise<void> {
  if (deps.platform === 'darwin') deps.app.setLoginItemSettings({ openAtLogin: enabled });
  else if (deps.platform === 'win32') deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [START_HIDDEN_FLAG] });
  else await deps.xdgAutostart(enabled);
}
