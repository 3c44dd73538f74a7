/** Fakes for the auto-update tests (updater.test.ts, mac-update-signature.test.ts). */
import { FakeClock } from '../core/fake-clock.test-helpers';
import type { Logger } from '../core/ports';
import { startAutoUpdates, type AutoUpdaterLike, type AutoUpdatesOptions, type RestartPrompt, type UpdateInfoLike } from './updater';

type Listener = (arg: never) => void;

/** A stand-in for electron-updater's autoUpdater that counts checks and can emit events. */
export class FakeAutoUpdater implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  logger: AutoUpdaterLike['logger'] = null;
  checks = 0;
  installs = 0;
  failNext: Error | null = null;
  /** Fails every check with this (as a build macOS will not update does). */
  failEvery: Error | null = null;
  private readonly listeners = new Map<string, Listener[]>();

  on(event: 'update-available' | 'update-downloaded', listener: (info: UpdateInfoLike) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: 'update-downloaded' | 'update-available', info: UpdateInfoLike): void;
  emit(event: 'error', error: Error): void;
  emit(event: string, arg: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (arg: unknown) => void)(arg);
  }

  async checkForUpdates(): Promise<null> {
    this.checks++;
    if (this.failNext || this.failEvery) {
      const error = (this.failNext ?? this.failEvery)!;
      this.failNext = null;
      this.emit('error', error);
      throw error;
    }
    return null;
  }

  quitAndInstall(): void {
    this.installs++;
  }
}

export function fakeSetting(initial: boolean) {
  let listener: ((enabled: boolean) => void) | null = null;
  return {
    read: async () => initial,
    subscribe(next: (enabled: boolean) => void) {
      listener = next;
      return () => {
        listener = null;
      };
    },
    change(enabled: boolean) {
      listener?.(enabled);
    },
    get subscribed() {
      return listener !== null;
    },
  };
}

export function fakeLogger() {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/** startAutoUpdates on a fake clock, updater, setting and logger; `extra` adds or replaces options. */
export function setup(options: { isPackaged?: boolean; autoUpdate?: boolean } = {}, extra: Partial<AutoUpdatesOptions> = {}) {
  const clock = new FakeClock();
  const updater = new FakeAutoUpdater();
  const setting = fakeSetting(options.autoUpdate ?? true);
  const { logger, lines } = fakeLogger();
  const prompts: RestartPrompt[] = [];
  const load = vi.fn(async () => updater);
  const opts: AutoUpdatesOptions = {
    isPackaged: options.isPackaged ?? true,
    load,
    setting,
    logger,
    clock,
    showRestartPrompt: (prompt) => prompts.push(prompt),
    ...extra,
  };
  const stop = startAutoUpdates(opts);
  return { clock, updater, setting, lines, prompts, load, stop };
}
