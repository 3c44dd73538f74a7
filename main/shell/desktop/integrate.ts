/**
 * The desktop integration the shell starts once the core is up: the tray icon, close-to-tray,
 * Start at login, and what a notification's action does. Electron's objects come in as the small
 * surfaces each part types, so this file imports no electron and is tested with fakes.
 */
import { closesToTray, type TrayStatus } from '../../contract/tray';
import type { Core } from '../../core/create-core';
import type { Clock, Logger } from '../../core/ports';
import { createNotificationActionHandler } from '../notification-actions';
import type { SettingsFeed } from '../settings-feed';
import { createAppTray, type AppTray, type AppTrayDeps, type ConfirmOptions, type ImageLike } from '../tray';
import { createCloseToTray, startsHidden, START_HIDDEN_FLAG, type HideableWindow, type QuitSignals } from './close-to-tray';
import { followDesktopSettings } from './desktop-settings';
import { applyLaunchAtLogin, type LoginItemsApp } from './launch-at-login';
import { autostartCommand, autostartFile, setXdgAutostart } from './xdg-autostart';

export interface ErrorBoxOptions {
  type: 'error';
  message: string;
  detail: string;
}

/** What the end-to-end suite reads (only when FLOTILLA_E2E=1). */
export interface TrayTestHook {
  exists: boolean;
  tooltip: string;
}

export interface DesktopDeps<I extends ImageLike, M> {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  argv: readonly string[];
  execPath: string;
  app: QuitSignals & LoginItemsApp & { quit(): void; isPackaged: boolean; getAppPath(): string; getPath(name: 'home'): string };
  electron: Pick<AppTrayDeps<I, M>, 'Tray' | 'Menu' | 'nativeImage'>;
  showMessageBox(options: ConfirmOptions | ErrorBoxOptions): Promise<{ response: number }>;
  icons: { template: string; colour: string };
  core: Pick<Core, 'api' | 'events'>;
  /** The shell's one follower of 'settings.changed' (shared with the updater). */
  settingsFeed: Pick<SettingsFeed, 'subscribe'>;
  clock: Clock;
  logger: Logger;
  showWindow(): void;
  /** Whether the desktop shows tray icons (tray-host.ts probeTrayHost, started early by the shell). */
  trayHost: Promise<TrayStatus>;
}

export interface Desktop {
  /** Hides instead of closing while Close to tray is on (contract/tray.ts closesToTray). */
  attach(window: HideableWindow): void;
  /** Started at login with --hidden, and there is a tray icon to come back through. */
  startHidden: boolean;
  /** What app.info tells the renderer about the tray icon. */
  trayStatus: TrayStatus;
  /** Runs a notification's action id. */
  notificationAction(actionId: string): void;
  /** Quits for real (the tray's Quit, an update about to install). */
  allowQuit(): void;
  tray: AppTray | null;
  stop(): void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function startDesktop<I extends ImageLike, M>(deps: DesktopDeps<I, M>): Promise<Desktop> {
  const { logger } = deps;
  const showError = (title: string, error: unknown) => {
    logger.warn(title, { error: errorText(error) });
    void deps.showMessageBox({ type: 'error', message: title, detail: errorText(error) }).catch(() => undefined);
  };
  const hook: TrayTestHook | null = deps.env.FLOTILLA_E2E === '1' ? { exists: false, tooltip: '' } : null;
  if (hook) (globalThis as { __flotillaTray?: TrayTestHook }).__flotillaTray = hook;

  let tray: AppTray | null = null;
  let trayStatus: TrayStatus = { status: 'none', detail: 'Flotilla has not created its tray icon yet.' };
  let settings: ReturnType<typeof followDesktopSettings> | null = null;
  const closeToTray = createCloseToTray(deps.app, { enabled: () => closesToTray(settings?.current().closeToTray ?? null, trayStatus.status) });
  const quit = () => {
    closeToTray.allowQuit();
    deps.app.quit();
  };
  try {
    tray = createAppTray({
      ...deps.electron,
      platform: deps.platform,
      icons: deps.icons,
      instances: deps.core.api.instances,
      events: deps.core.events,
      clock: deps.clock,
      logger,
      showMessageBox: deps.showMessageBox,
      showWindow: deps.showWindow,
      quit,
      onError: showError,
      onRender: ({ tooltip }) => {
        if (hook) Object.assign(hook, { exists: true, tooltip });
      },
    });
  } catch (error) {
    trayStatus = { status: 'none', detail: `Flotilla could not create its tray icon (${errorText(error)}).` };
  }
  // Linux without a StatusNotifier host (stock GNOME): Electron's icon exists but nothing shows it.
  if (tray) trayStatus = await deps.trayHost;
  if (trayStatus.status === 'shown') logger.info('tray: shown', { detail: trayStatus.detail });
  else logger.warn(`tray: ${trayStatus.status}; closing the window quits${trayStatus.status === 'none' ? '' : ' unless Close to tray is turned on in Settings'}`, { detail: trayStatus.detail });

  const initial = (await deps.core.api.settings.get({})).settings;
  const xdgFile = autostartFile(deps.env, deps.app.getPath('home'));
  const xdgCommand = autostartCommand({ execPath: deps.execPath, isPackaged: deps.app.isPackaged, appPath: deps.app.getAppPath(), env: deps.env, extraArgs: [START_HIDDEN_FLAG] });
  settings = followDesktopSettings({
    changes: deps.settingsFeed,
    initial,
    applyLaunchAtLogin: (enabled) =>
      applyLaunchAtLogin(enabled, {
        platform: deps.platform,
        app: deps.app,
        isPackaged: deps.app.isPackaged,
        onSkipped: (on) => logger.info('Start at login: a development build is not registered', { enabled: on }),
        xdgAutostart: (on) => setXdgAutostart(on, xdgFile, xdgCommand),
      }),
    onError: (error) => showError('Could not change Start at login', error),
  });
  const runAction = createNotificationActionHandler({ instances: deps.core.api.instances, logger, onError: showError });

  return {
    attach: (window) => closeToTray.attach(window),
    // Only with an icon to come back through: one the desktop shows, or the user's own Close to tray.
    startHidden: startsHidden(deps.argv) && (trayStatus.status === 'shown' || closesToTray(initial.closeToTray, trayStatus.status)),
    trayStatus,
    notificationAction: (actionId) => void runAction(actionId),
    allowQuit: () => closeToTray.allowQuit(),
    tray,
    stop() {
      settings?.stop();
      tray?.destroy();
    },
  };
}
