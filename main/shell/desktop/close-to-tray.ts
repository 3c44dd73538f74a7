/** The surfaces of `app` and a BrowserWindow this uses. */
export interface QuitSignals {
  on(event: 'before-quit', listener: () => void): unknown;
}

export interface HideableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
}

/**
 * Closing the window hides it while `enabled()` (Settings → Keep running in the tray, and a tray
 * icon to come back through). Quitting (the tray's Quit, Cmd+Q, an update) really closes it:
 * `before-quit`, or allowQuit() where an updater closes windows before that event.
 */
export function createCloseToTray(app: QuitSignals, options: { enabled: () => boolean }) {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  return {
    attach(window: HideableWindow): void {
      window.on('close', (event) => {
        if (quitting || !options.enabled()) return;
        event.preventDefault();
        window.hide();
      });
    },
    allowQuit(): void {
      quitting = true;
    },
    isQuitting: () => quitting,
  };
}

/** Launched at login with `--hidden`: start in the tray without showing the window. */
export const START_HIDDEN_FLAG = '--hidden';

export function startsHidden(argv: readonly string[]): boolean {
  return argv.includes(START_HIDDEN_FLAG);
}
