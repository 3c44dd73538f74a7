import type { Settings } from '../contract/settings/dto';
import type { EventSource } from '../contract/events';
import type { Logger } from '../core/ports';

/**
 * The shell's one subscription to 'settings.changed': every part of the shell that follows a
 * setting (close to tray and Start at login, auto-update) listens here, not on the core's events.
 */
export interface SettingsFeed {
  /** Calls `listener` with the settings after every change; answers an unsubscribe. */
  subscribe(listener: (settings: Settings) => void): () => void;
  /** Ends the subscription to the core (the app is quitting). */
  stop(): void;
}

export function createSettingsFeed(events: EventSource, logger: Pick<Logger, 'error'>): SettingsFeed {
  const listeners = new Set<(settings: Settings) => void>();
  const unsubscribe = events.on('settings.changed', ({ settings }) => {
    for (const listener of [...listeners]) {
      try {
        listener(settings);
      } catch (error) {
        // One follower failing does not keep the change from the others.
        logger.error('a settings.changed follower threw', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
  });
  return {
    subscribe(listener) {
      const own = (settings: Settings) => listener(settings);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    stop() {
      unsubscribe();
      listeners.clear();
    },
  };
}
