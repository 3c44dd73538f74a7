/**
 * Automatic updates through electron-updater, from the GitHub releases electron-builder publishes
 * (electron-builder.yml `publish`). Only a packaged app checks, and only while the `autoUpdate`
 * setting is true: at start (after a short delay) and every few hours. A downloaded update is
 * installed when the app quits; a notification offers to restart now.
 *
 * Everything here runs against the small AutoUpdaterLike surface, so the policy is unit-tested
 * with a fake (updater.test.ts); electron-updater itself is loaded only by loadAutoUpdater, and
 * only when a check is due. This file imports no electron: the restart prompt goes through the
 * app's Notifier port, the setting through the shell's settings feed.
 */
import type { Core } from '../core/create-core';
import type { Clock, Logger, Notifier } from '../core/ports';
import type { SettingsFeed } from './settings-feed';

/** What an update event carries that we use. */
export interface UpdateInfoLike {
  version: string;
}

/** The log surface electron-updater writes to. */
export interface UpdaterLogLike {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

/** The part of electron-updater's `autoUpdater` (an AppUpdater) this uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogLike | null;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: 'update-available', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'update-downloaded', listener: (info: UpdateInfoLike) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A prompt shown once an update is ready; `restart` installs it now. */
export interface RestartPrompt {
  title: string;
  body: string;
  restart: () => void;
}

/** The `autoUpdate` setting, as the updater follows it. */
export interface AutoUpdateSetting {
  read(): Promise<boolean>;
  /** Calls `listener` with the value after every settings change; answers an unsubscribe. */
  subscribe(listener: (enabled: boolean) => void): () => void;
}

export interface AutoUpdatesOptions {
  /** app.isPackaged: development builds never check. */
  isPackaged: boolean;
  /** Loads the real autoUpdater (loadAutoUpdater); called at most once, when the first check is due. */
  load: () => Promise<AutoUpdaterLike>;
  setting: AutoUpdateSetting;
  logger: Logger;
  clock: Clock;
  /** Shows that an update was downloaded and offers to restart. */
  showRestartPrompt: (prompt: RestartPrompt) => void;
  /** Between checks; 4 hours by default. */
  intervalMs?: number;
  /** From start (or opting back in) to the first check; 10 seconds by default, off the startup path. */
  firstCheckDelayMs?: number;
  /**
   * Why this build cannot install updates (macOS: not signed with a Developer ID,
   * mac-update-signature.ts), or null when it can. Asked once, before the first check; a reason
   * is logged once and nothing is checked for the session.
   */
  cannotUpdate?: () => Promise<string | null>;
  /** Where to download new versions by hand, said when updates cannot be installed. */
  releasesPage?: string;
  /** An error that every later check would repeat (macOS refusing a code signature): one warning, then no more checks. */
  isPermanentError?: (error: unknown) => boolean;
}

export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
export const DEFAULT_FIRST_CHECK_DELAY_MS = 10_000;
/** The GitHub releases electron-builder.yml `publish` names (the packaging test checks they agree). */
export const RELEASES_PAGE = 'https://github.com/flotilla-dev/flotilla/releases';

export interface AutoUpdates {
  /** Follows the setting: true starts checking (soon, then every interval), false stops. */
  setEnabled(enabled: boolean): void;
  /** Stops for good (the app is quitting). */
  stop(): void;
}

/**
 * Starts following the `autoUpdate` setting; answers a stop function for the app's cleanups.
 * Not packaged: logs that updates are off in development and does nothing else.
 */
export function startAutoUpdates(options: AutoUpdatesOptions): () => void {
  if (!options.isPackaged) {
    options.logger.info('auto-update: off in development (the app is not packaged)');
    return () => {};
  }
  const updates = createAutoUpdates(options);
  let stopped = false;
  const unsubscribe = options.setting.subscribe((enabled) => updates.setEnabled(enabled));
  options.setting.read().then(
    (enabled) => {
      if (!stopped) updates.setEnabled(enabled);
    },
    (error: unknown) => options.logger.warn('auto-update: could not read the autoUpdate setting; not checking', { error: String(error) }),
  );
  return () => {
    stopped = true;
    unsubscribe();
    updates.stop();
  };
}

/** The check schedule and the autoUpdater's events, driven by setEnabled. */
export function createAutoUpdates(options: AutoUpdatesOptions): AutoUpdates {
  const { logger, clock } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
  const firstDelayMs = options.firstCheckDelayMs ?? DEFAULT_FIRST_CHECK_DELAY_MS;
  let enabled = false;
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let loading: Promise<AutoUpdaterLike | null> | null = null;
  let updater: AutoUpdaterLike | null = null;
  // Set once updates cannot work in this session (cannotUpdate, or a permanent error): no more checks.
  let unavailable = false;
  let probing: Promise<string | null> | null = null;
  const releasesPage = options.releasesPage ?? RELEASES_PAGE;

  const cancel = () => {
    cancelTimer?.();
    cancelTimer = null;
  };
  const schedule = (ms: number) => {
    cancel();
    cancelTimer = clock.setTimeout(() => {
      cancelTimer = null;
      void check();
    }, ms);
  };

  const prepare = (autoUpdater: AutoUpdaterLike): AutoUpdaterLike => {
    autoUpdater.logger = {
      info: (message) => logger.info(`auto-update: ${String(message)}`),
      warn: (message) => logger.warn(`auto-update: ${String(message)}`),
      error: (message) => logger.warn(`auto-update: ${String(message)}`),
      debug: (message) => logger.debug(`auto-update: ${message}`),
    };
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = enabled;
    autoUpdater.on('update-available', (info) => logger.info('auto-update: downloading an update', { version: info.version }));
    // Offline or the release server unreachable: worth a line in the log, never a dialog.
    autoUpdater.on('error', (error) => {
      if (unavailable) return;
      const message = error?.message ?? String(error);
      if (!options.isPermanentError?.(error)) return logger.warn('auto-update: failed', { error: message });
      giveUp();
      logger.warn(`auto-update: off for this session: the code signature was refused, and every check would fail the same way. Download new versions from ${releasesPage}`, { error: message });
    });
    autoUpdater.on('update-downloaded', (info) => {
      logger.info('auto-update: update downloaded; installed on quit', { version: info.version });
      if (!enabled || stopped) return;
      options.showRestartPrompt({
        title: 'Flotilla update ready',
        body: `Flotilla ${info.version} has been downloaded. Restart to update now, or it is installed when you quit.`,
        restart: () => {
          logger.info('auto-update: restarting to install', { version: info.version });
          autoUpdater.quitAndInstall();
        },
      });
    });
    return autoUpdater;
  };

  const load = (): Promise<AutoUpdaterLike | null> =>
    (loading ??= options.load().then(
      (autoUpdater) => (updater = prepare(autoUpdater)),
      (error: unknown) => {
        logger.error('auto-update: could not load electron-updater; not checking', { error: String(error) });
        return null;
      },
    ));

  const giveUp = () => {
    unavailable = true;
    cancel();
  };

  /** True once cannotUpdate has answered that this build can update; logs the reason (once) when not. */
  const canUpdate = async (): Promise<boolean> => {
    if (!options.cannotUpdate) return true;
    const first = probing === null;
    const reason = await (probing ??= options.cannotUpdate().catch(() => null));
    if (reason && first) {
      giveUp();
      logger.info(`auto-update: off: ${reason}. Download new versions from ${releasesPage}`);
    }
    return !reason;
  };

  async function check(): Promise<void> {
    if (!enabled || stopped || unavailable) return;
    if (!(await canUpdate()) || !enabled || stopped) return;
    const autoUpdater = await load();
    if (!autoUpdater || !enabled || stopped || unavailable) return;
    try {
      logger.debug('auto-update: checking for an update');
      await autoUpdater.checkForUpdates();
    } catch (error) {
      // The 'error' event has logged it already.
      logger.debug('auto-update: the check failed', { error: String(error) });
    } finally {
      if (enabled && !stopped && !unavailable && cancelTimer === null) schedule(intervalMs);
    }
  }

  return {
    setEnabled(next) {
      if (stopped || next === enabled) return;
      enabled = next;
      if (updater) updater.autoInstallOnAppQuit = next;
      if (unavailable) return;
      if (next) {
        logger.info('auto-update: on', { everyHours: intervalMs / 3_600_000 });
        schedule(firstDelayMs);
      } else {
        cancel();
        logger.info('auto-update: off (settings.autoUpdate is false)');
      }
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}

/** The `autoUpdate` setting: its value now from the core, and after every change from the shell's settings feed. */
export function autoUpdateSettingOf(core: Pick<Core, 'api'>, feed: Pick<SettingsFeed, 'subscribe'>): AutoUpdateSetting {
  return {
    read: async () => (await core.api.settings.get({})).settings.autoUpdate,
    subscribe: (listener) => feed.subscribe((settings) => listener(settings.autoUpdate)),
  };
}

/** electron-updater's autoUpdater, loaded on demand (it is CommonJS: its exports arrive as `default`). */
export async function loadAutoUpdater(): Promise<AutoUpdaterLike> {
  const electronUpdater = await import('electron-updater');
  return (electronUpdater.default ?? electronUpdater).autoUpdater;
}

/** The id of the restart prompt's action, as the Notifier hands it back (onAction). */
export const RESTART_TO_UPDATE_ACTION = 'update:restart';

export interface NotifierRestartPrompt {
  show(prompt: RestartPrompt): void;
  /** Runs the prompt's restart for its action id and answers true; false for any other id. */
  handleAction(actionId: string): boolean;
}

/**
 * Shows the restart prompt through the app's Notifier port, the same adapter as every other
 * notification (a "Restart now" button on macOS, a click elsewhere, a log line where the system
 * has no notifications). The host routes the Notifier's actions to `handleAction` first. Shown only
 * while `wanted` (the `notifications.updates` setting) says so; without it the update still
 * installs when the app quits.
 */
export function notifierRestartPrompt(notifier: Notifier, wanted: () => Promise<boolean>, logger?: Pick<Logger, 'info'>): NotifierRestartPrompt {
  let restart: (() => void) | null = null;
  return {
    show(prompt) {
      restart = prompt.restart;
      void wanted()
        .catch(() => true)
        .then((show) => {
          if (show) notifier.notify({ title: prompt.title, body: prompt.body, actions: [{ id: RESTART_TO_UPDATE_ACTION, label: 'Restart now' }] });
          else logger?.info('auto-update: an update is ready; update notifications are off, so it installs when Flotilla quits');
        });
    },
    handleAction(actionId) {
      if (actionId !== RESTART_TO_UPDATE_ACTION) return false;
      restart?.();
      return true;
    },
  };
}
