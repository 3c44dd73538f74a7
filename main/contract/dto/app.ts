export type AppMode = 'desktop' | 'browser' | 'cli';

export interface AppInfo {
  name: string;
  version: string;
  mode: AppMode;
  projectsDir: string;
  platform: string;
}
