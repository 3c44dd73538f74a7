/**
 * The window's page after its renderer process dies, and sends that must not throw into the core's
 * event bus. Electron's webContents typed as the little used here, so fakes stand in.
 *
 * electron docs/api/web-contents.md (v45.0.0-nightly.20260821): "Event: 'render-process-gone'
 * ... Emitted when the renderer process unexpectedly disappears. This is normally because it was
 * crashed or killed" (details: RenderProcessGoneDetails, `reason` clean-exit | abnormal-exit |
 * killed | crashed | oom | launch-failed | integrity-failure | memory-eviction); nothing reloads the
 * page by itself. `contents.reload()` "Reloads the current web page"; `contents.isDestroyed()`
 * "Whether the web page is destroyed" (calling a destroyed one's methods throws "Object has been
 * destroyed").
 */
import type { Clock, Logger } from '../core/ports';

export interface RenderProcessGoneDetails {
  reason: string;
  exitCode: number;
}

/** The part of a webContents the recovery uses. */
export interface RecoverableContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): unknown;
  isDestroyed(): boolean;
  reload(): void;
}

export interface ReloadAfterCrashOptions {
  clock: Pick<Clock, 'now'>;
  logger: Pick<Logger, 'error' | 'warn'>;
  /** At most this many reloads within `withinMs` (default 3 a minute); past that it gives up. */
  maxReloads?: number;
  withinMs?: number;
  /** Told once when it stops reloading (the page keeps crashing). */
  onGiveUp?(details: RenderProcessGoneDetails): void;
}

/**
 * Reloads the page when its renderer process is gone (not after a clean exit), at most
 * `maxReloads` times in any `withinMs`, then gives up: a page that crashes on load is not
 * reloaded in a loop.
 */
export function reloadAfterCrash(contents: RecoverableContents, options: ReloadAfterCrashOptions): void {
  const maxReloads = options.maxReloads ?? 3;
  const withinMs = options.withinMs ?? 60_000;
  const reloads: number[] = [];
  let gaveUp = false;
  contents.on('render-process-gone', (_event, details) => {
    options.logger.error('renderer process gone', { ...details });
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    const now = options.clock.now().getTime();
    while (reloads.length > 0 && now - reloads[0]! >= withinMs) reloads.shift();
    if (reloads.length >= maxReloads) {
      if (!gaveUp) {
        gaveUp = true;
        options.logger.error('the window’s page keeps crashing; not reloading it again', { reloads: reloads.length, withinMs });
        options.onGiveUp?.(details);
      }
      return;
    }
    reloads.push(now);
    try {
      contents.reload();
    } catch (error) {
      options.logger.warn('could not reload the window after its renderer was gone', { error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** The part of a webContents a send uses. */
export interface SendableContents {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * A send to the window's current webContents that never throws: nothing when there is no window
 * or its webContents is destroyed, and an error from send itself is logged, not thrown into the
 * caller (the core's event bus).
 */
export function guardedSender(contents: () => SendableContents | null | undefined, logger: Pick<Logger, 'warn'>) {
  return (channel: string, payload: unknown): void => {
    const target = contents();
    if (!target || target.isDestroyed()) return;
    try {
      target.send(channel, payload);
    } catch (error) {
      logger.warn('could not send an event to the window', { channel, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
