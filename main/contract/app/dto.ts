import type { TrayStatus } from '../tray';

export type AppMode = 'desktop' | 'browser' | 'cli';

export interface AppInfo {
  name: string;
  version: string;
  mode: AppMode;
  projectsDir: string;
  platform: string;
  /** The desktop app's tray icon; `none` in browser mode and the CLI. */
  tray: TrayStatus;
}
