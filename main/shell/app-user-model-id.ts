import type { App } from 'electron';

/**
 * Windows' Application User Model ID: electron-builder.yml's `appId`. electron-builder 26.17 stamps
 * it into the NSIS Start Menu and desktop shortcuts (app-builder-lib templates/nsis/include/
 * installer.nsh: `WinShell::SetLnkAUMI "$newStartMenuLink" "${APP_ID}"`, APP_ID = appInfo.id in
 * out/targets/nsis/NsisTarget.js). Toasts only show when the process's AUMID matches a Start Menu
 * shortcut's (electron docs/tutorial/notifications.md, Windows); Electron's default is
 * `electron.app.<name>` (shell/common/application_info_win.cc). test/packaging checks this equals
 * the config's appId.
 */
export const APP_USER_MODEL_ID = 'dev.flotilla.app';

/** On Windows, sets the AUMID the installer's shortcut carries; must run before any notification. */
export function setWindowsAppUserModelId(app: Pick<App, 'setAppUserModelId'>, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
