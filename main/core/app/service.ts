import type { AppApi } from '../../contract/api';
import type { AppMode } from '../../contract/dto/app';
import type { TrayStatus } from '../../contract/tray';
import type { CoreService } from '../core-service';

export interface AppServiceOptions {
  version: string;
  mode: AppMode;
  projectsDir: string;
  /** The desktop app's tray icon, as the shell found it, read at each call; unset: none. */
  trayStatus?: () => TrayStatus;
}

const NO_TRAY: Record<AppMode, TrayStatus> = {
  desktop: { status: 'none', detail: 'The desktop app has no tray icon.' },
  browser: { status: 'none', detail: 'Browser mode has no tray icon; Close to tray applies to the desktop app.' },
  cli: { status: 'none', detail: 'The command line has no tray icon.' },
};

/** `app.info`: what is running, where, and the tray icon's state. */
export function createAppService(o: AppServiceOptions): CoreService<AppApi> {
  return {
    api: {
      info: async () => ({
        name: 'Flotilla',
        version: o.version,
        mode: o.mode,
        projectsDir: o.projectsDir,
        platform: process.platform,
        tray: o.trayStatus?.() ?? NO_TRAY[o.mode],
      }),
    },
  };
}
