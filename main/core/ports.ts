/**
 * Platform capabilities the core needs, passed in by the host (Electron shell, browser mode, CLI).
 * Each is small and fully typed; tests pass fakes, hosts pass adapters.
 */

import type { Clock } from './shared/clock';

/** Time comes in as a port (tests pass a FakeClock); its one definition is shared/clock.ts. */
export type { Clock };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface NotificationAction {
  id: string;
  label: string;
}

export interface Notifier {
  notify(notification: { title: string; body: string; actions?: NotificationAction[] }): void;
}

export interface Opener {
  /** Opens an http(s) URL in the system browser. */
  openUrl(url: string): Promise<void>;
}

export interface TerminalOptions {
  /**
   * Settings → Terminal: a known terminal's id for this OS (main/contract/terminals.ts), `custom`
   * for the program in `custom`, or null/missing for the platform's usual one. Anything else is refused.
   */
  choice?: string | null;
  /** Settings → customTerminal: the program confirmed in the desktop app; checked again before it is started. */
  custom?: string | null;
}

/**
 * Desktop only: asks the user, with the OS's own dialogs, for a terminal program and then to
 * confirm it by name. Answers the absolute path, or null when cancelled. Browser mode has none, so
 * a custom program can never be set over the HTTP API.
 */
export interface TerminalPicker {
  chooseTerminal(): Promise<string | null>;
}

export interface Terminal {
  /**
   * Runs `command args...` in a new terminal window. Arguments stay an array (or are quoted for
   * the one interpreter a terminal forces on them); resolves once the terminal has started.
   */
  run(command: string, args: readonly string[], options?: TerminalOptions): Promise<void>;
}

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Something found about where the settings live, shown in Settings for as long as it holds. */
export interface SettingsNotice {
  message: string;
  fix: string;
}

export interface SettingsStore {
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
  /** Where the settings live, for messages (a file path). */
  readonly location?: string;
  /** Keeps a copy of a file that failed validation before it is replaced; answers the copy's path. */
  backup?(): Promise<string | null>;
  /** Found when the store was opened, e.g. another settings file that differs and is ignored. */
  readonly notices?: readonly SettingsNotice[];
}

export interface Ports {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  opener: Opener;
  terminal: Terminal;
  secrets: SecretStore;
  settings: SettingsStore;
  /** Desktop app only (native dialogs); absent in browser mode and the CLI. */
  terminalPicker?: TerminalPicker;
}
