import { FakeClock, flush } from '../core/instances/fake-clock';
import type { Logger } from '../core/ports';
import {
  autoUpdateSettingOf,
  DEFAULT_CHECK_INTERVAL_MS,
  DEFAULT_FIRST_CHECK_DELAY_MS,
  notificationRestartPrompt,
  startAutoUpdates,
  type AutoUpdaterLike,
  type AutoUpdatesOptions,
  type ClickableNotificationClass,
  type RestartPrompt,
  type UpdateInfoLike,
} from './updater';

const HOUR = 3_600_000;

type Listener = (arg: never) => void;

/** A stand-in for electron-updater's autoUpdater that counts checks and can emit events. */
class FakeAutoUpdater implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  logger: AutoUpdaterLike['logger'] = null;
  checks = 0;
  installs = 0;
  failNext: Error | null = null;
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
    if (this.failNext) {
      const error = this.failNext;
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

function fakeSetting(initial: boolean) {
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

function fakeLogger() {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

function setup(options: { isPackaged?: boolean; autoUpdate?: boolean } = {}) {
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
  };
  const stop = startAutoUpdates(opts);
  return { clock, updater, setting, lines, prompts, load, stop };
}

describe('auto-update', () => {
  test('never checks, nor loads electron-updater, when the app is not packaged', async () => {
    const { clock, updater, setting, load, lines } = setup({ isPackaged: false, autoUpdate: true });
    await clock.advance(2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(0);
    expect(load).not.toHaveBeenCalled();
    expect(setting.subscribed).toBe(false);
    expect(clock.pending()).toBe(0);
    expect(lines).toContain('info auto-update: off in development (the app is not packaged)');
  });

  test('never checks when the user opted out (autoUpdate false)', async () => {
    const { clock, updater, load } = setup({ autoUpdate: false });
    await clock.advance(2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(0);
    expect(load).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });

  test('packaged and on: checks shortly after start, then every interval', async () => {
    const { clock, updater, load } = setup();
    await flush();
    expect(clock.delays()).toEqual([DEFAULT_FIRST_CHECK_DELAY_MS]);
    expect(updater.checks).toBe(0);
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    expect(updater.checks).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.logger).not.toBeNull();
    expect(clock.delays()).toEqual([DEFAULT_CHECK_INTERVAL_MS]);
    await clock.advance(DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    await clock.advance(2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(4);
    expect(load).toHaveBeenCalledTimes(1);
    expect(DEFAULT_CHECK_INTERVAL_MS).toBe(4 * HOUR);
  });

  test('opting out stops the checks (and installing on quit); opting back in resumes them', async () => {
    const { clock, updater, setting, lines } = setup();
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    expect(updater.checks).toBe(1);

    setting.change(false);
    expect(clock.pending()).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(lines).toContain('info auto-update: off (settings.autoUpdate is false)');
    await clock.advance(3 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(1);

    setting.change(false); // unrelated settings changes while off change nothing
    setting.change(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    expect(updater.checks).toBe(2);
    setting.change(true); // an unrelated settings change while on does not add a second schedule
    expect(clock.pending()).toBe(1);
  });

  test('an opt-out that arrives before the first check means no check at all', async () => {
    const { clock, updater, setting, load } = setup();
    await flush();
    setting.change(false);
    await clock.advance(DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(0);
    expect(load).not.toHaveBeenCalled();
  });

  test('a failed check is logged as a warning and retried at the next interval', async () => {
    const { clock, updater, lines } = setup();
    updater.failNext = new Error('net::ERR_INTERNET_DISCONNECTED');
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    expect(updater.checks).toBe(1);
    expect(lines).toContain('warn auto-update: failed {"error":"net::ERR_INTERNET_DISCONNECTED"}');
    await clock.advance(DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(2);
  });

  test('electron-updater failing to load is logged once; nothing more is tried', async () => {
    const clock = new FakeClock();
    const { logger, lines } = fakeLogger();
    const load = vi.fn(async (): Promise<AutoUpdaterLike> => {
      throw new Error('Cannot find module electron-updater');
    });
    startAutoUpdates({ isPackaged: true, load, setting: fakeSetting(true), logger, clock, showRestartPrompt: () => {} });
    await clock.advance(3 * DEFAULT_CHECK_INTERVAL_MS);
    expect(load).toHaveBeenCalledTimes(1);
    expect(lines.filter((line) => line.startsWith('error auto-update: could not load electron-updater'))).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  test('a downloaded update offers to restart; the prompt installs it', async () => {
    const { clock, updater, prompts, lines } = setup();
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ title: 'Flotilla update ready' });
    expect(prompts[0]!.body).toMatch(/Flotilla 0\.2\.0 has been downloaded\. Restart to update/);
    expect(lines).toContain('info auto-update: update downloaded; installed on quit {"version":"0.2.0"}');
    expect(updater.installs).toBe(0);
    prompts[0]!.restart();
    expect(updater.installs).toBe(1);
  });

  test('electron-updater’s own messages go to the shell log', async () => {
    const { clock, updater, lines } = setup();
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    updater.logger?.info('Checking for update');
    updater.logger?.error('Error: 404');
    expect(lines).toContain('info auto-update: Checking for update');
    expect(lines).toContain('warn auto-update: Error: 404');
  });

  test('stop (quitting) cancels the schedule and unsubscribes from the setting', async () => {
    const { clock, updater, setting, stop } = setup();
    await clock.advance(DEFAULT_FIRST_CHECK_DELAY_MS);
    stop();
    expect(setting.subscribed).toBe(false);
    expect(clock.pending()).toBe(0);
    await clock.advance(2 * DEFAULT_CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(1);
  });
});

describe('autoUpdateSettingOf', () => {
  test('reads settings.autoUpdate and follows settings.changed', async () => {
    let listener: ((view: { settings: { autoUpdate: boolean } }) => void) | null = null;
    const core = {
      api: { settings: { get: async () => ({ settings: { autoUpdate: false } }) } },
      events: {
        on: (event: string, next: typeof listener) => {
          expect(event).toBe('settings.changed');
          listener = next;
          return () => (listener = null);
        },
      },
    } as unknown as Parameters<typeof autoUpdateSettingOf>[0];
    const setting = autoUpdateSettingOf(core);
    expect(await setting.read()).toBe(false);
    const seen: boolean[] = [];
    const unsubscribe = setting.subscribe((enabled) => seen.push(enabled));
    listener!({ settings: { autoUpdate: true } });
    unsubscribe();
    expect(seen).toEqual([true]);
    expect(listener).toBeNull();
  });
});

describe('notificationRestartPrompt', () => {
  test('shows a notification whose click restarts; says so in the log when unsupported', () => {
    const shown: Array<{ title: string; body: string; click?: () => void }> = [];
    let supported = true;
    const Notification = class {
      private readonly entry: { title: string; body: string; click?: () => void };
      constructor(options: { title: string; body: string }) {
        this.entry = { ...options };
      }
      static isSupported() {
        return supported;
      }
      on(_event: 'click', listener: () => void) {
        this.entry.click = listener;
        return this;
      }
      show() {
        shown.push(this.entry);
      }
    } satisfies ClickableNotificationClass;
    const { logger, lines } = fakeLogger();
    const restart = vi.fn();
    const prompt = notificationRestartPrompt(Notification, logger);
    prompt({ title: 'Flotilla update ready', body: 'Restart to update', restart });
    expect(shown).toHaveLength(1);
    shown[0]!.click!();
    expect(restart).toHaveBeenCalledTimes(1);
    supported = false;
    prompt({ title: 'Flotilla update ready', body: 'Restart to update', restart });
    expect(shown).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('info notifications unsupported; the update is installed when Flotilla quits'))).toBe(true);
  });
});
