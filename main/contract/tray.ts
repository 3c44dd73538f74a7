/**
 * Whether the desktop shows Flotilla's tray icon, and the one rule both the shell and the Settings
 * page use for Close to tray. Plain TS: imported by main and the renderer.
 */

/**
 * `shown`: macOS and Windows always show it; on Linux a StatusNotifierItem host is on the session
 * bus. `no-host`: Linux without one (stock GNOME): Electron still creates the icon but nothing
 * shows it. `unknown`: Linux, and the session bus could not be asked. `none`: there is no tray icon
 * (browser mode, the CLI, or the desktop app could not create it).
 */
export type TrayState = 'shown' | 'no-host' | 'unknown' | 'none';

export interface TrayStatus {
  status: TrayState;
  /** Why, in a sentence for the user (shown in Settings and logged at start). */
  detail: string;
}

/**
 * Whether closing the window keeps Flotilla running in the tray. The user's choice wins (null =
 * never chosen: on only when the desktop shows the icon), except that without any tray icon
 * closing always closes: there would be no way back.
 */
export function closesToTray(setting: boolean | null, tray: TrayState): boolean {
  if (tray === 'none') return false;
  return setting ?? tray === 'shown';
}
