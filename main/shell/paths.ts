import path from 'node:path';
import { APP_URL } from './app-origin';

export interface ShellPaths {
  /** dist/preload/index.cjs */
  preload: string;
  /** dist/renderer, served as app://flotilla/ (app-protocol.ts). */
  rendererDir: string;
  /** dist/renderer/index.html */
  rendererIndex: string;
  /** `app://flotilla/index.html`, rendererIndex as served: the only page allowed in a window, and to call IPC. */
  appUrl: string;
  /** dist/shell/tray/ (from build/tray/): the macOS template image and the coloured one; @2x files sit next to them. */
  trayIcons: { template: string; colour: string };
}

/** Where the built preload and renderer are, from the folder of the built main (dist/shell). */
export function resolveShellPaths(shellDir: string): ShellPaths {
  const dist = path.resolve(shellDir, '..');
  const rendererDir = path.join(dist, 'renderer');
  return {
    preload: path.join(dist, 'preload', 'index.cjs'),
    rendererDir,
    rendererIndex: path.join(rendererDir, 'index.html'),
    appUrl: APP_URL,
    trayIcons: { template: path.join(dist, 'shell', 'tray', 'trayTemplate.png'), colour: path.join(dist, 'shell', 'tray', 'tray.png') },
  };
}

export interface ProjectsDirInput {
  env: Record<string, string | undefined>;
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath() */
  appPath: string;
}

/**
 * The folder of launch templates: `FLOTILLA_PROJECTS_DIR` when set; packaged, the `projects`
 * extra resource next to app.asar; in development, `projects/` of the checkout.
 */
export function resolveProjectsDir({ env, isPackaged, resourcesPath, appPath }: ProjectsDirInput): string {
  const override = env.FLOTILLA_PROJECTS_DIR?.trim();
  if (override) return path.resolve(override);
  return path.join(isPackaged ? resourcesPath : appPath, 'projects');
}
