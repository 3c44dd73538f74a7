/**
 * Platform capabilities the core needs, passed in by the host (Electron shell, browser mode, CLI).
 * Each is small and fully typed; tests pass fakes, hosts pass adapters.
 */

export interface Clock {
  now(): Date;
  setTimeout(callback: () => void, ms: number): () => void;
}

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
  /** The terminal program chosen in Settings → Terminal; null or missing: the platform's usual one. */
  choice?: string | null;
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

export interface SettingsStore {
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
  /** Where the settings live, for messages (a file path). */
  readonly location?: string;
  /** Keeps a copy of a file that failed validation before it is replaced; answers the copy's path. */
  backup?(): Promise<string | null>;
}

export interface Ports {
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  opener: Opener;
  terminal: Terminal;
  secrets: SecretStore;
  settings: SettingsStore;
}
