import { FakeClock, flush } from '../core/fake-clock.test-helpers';
import type { Settings, SettingsView } from '../contract/dto/settings';
import { fakeNotificationClass } from './adapters/fake-notification.test-helpers';
import { createNotifier } from './adapters/notifier';
import { createSettingsFeed } from './settings-feed';
import { FakeEvents } from './tray/fakes.test-helpers';
import {
  autoUpdateSettingOf,
  DEFAULT_CHECK_INTERVAL_MS,
  DEFAULT_FIRST_CHECK_DELAY_MS,
  notifierRestartPrompt,
  RESTART_TO_UPDATE_ACTION,
  startAutoUpdates,
  type AutoUpdaterLike,
  type RestartPrompt,
} from './updater';
import { fakeLogger, fakeSetting, setup } from './updater-fakes.test-helpers';

const HOUR = 3_600_000;
const settingsView = (settings: Partial<Settings>): SettingsView => ({ settings: settings as Settings, file: 'f', warnings: [] });

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
  test('reads settings.autoUpdate from the core and follows changes through the settings feed', async () => {
    const events = new FakeEvents();
    const feed = createSettingsFeed(events, fakeLogger().logger);
    const core = { api: { settings: { get: async () => ({ settings: { autoUpdate: false } }) } } } as unknown as Parameters<typeof autoUpdateSettingOf>[0];
    const setting = autoUpdateSettingOf(core, feed);
    expect(await setting.read()).toBe(false);
    const seen: boolean[] = [];
    const unsubscribe = setting.subscribe((enabled) => seen.push(enabled));
    events.emit('settings.changed', settingsView({ autoUpdate: true }));
    unsubscribe();
    events.emit('settings.changed', settingsView({ autoUpdate: false }));
    expect(seen).toEqual([true]);
  });
});

describe('notifierRestartPrompt', () => {
  function notifier(platform: NodeJS.Platform, supported = true, updatesOn = true) {
    const { Notification, shown } = fakeNotificationClass(supported);
    const others: string[] = [];
    const unsupported: string[] = [];
    // As the shell wires it: the prompt's action first, then the instances' actions.
    let prompt: ReturnType<typeof notifierRestartPrompt> | null = null;
    const adapter = createNotifier(Notification, {
      platform,
      onAction: (id) => void (prompt!.handleAction(id) || others.push(id)),
      onUnsupported: (title) => unsupported.push(title),
    });
    const logged: string[] = [];
    prompt = notifierRestartPrompt(adapter, async () => updatesOn, { info: (message: string) => void logged.push(message) });
    return { prompt, shown, others, unsupported, logged };
  }
  const update = (restart: () => void): RestartPrompt => ({ title: 'Flotilla update ready', body: 'Flotilla 1.2.0 has been downloaded.', restart });

  test('goes through the Notifier adapter: on macOS the "Restart now" button restarts, and so does a click on the body', async () => {
    const { prompt, shown, others } = notifier('darwin');
    const restart = vi.fn();
    prompt.show(update(restart));
    await flush(); // show() reads the setting first
    expect(shown.map((n) => n.options)).toEqual([{ title: 'Flotilla update ready', body: 'Flotilla 1.2.0 has been downloaded.', actions: [{ type: 'button', text: 'Restart now' }] }]);
    shown[0]!.emit('action', 0);
    expect(restart).toHaveBeenCalledTimes(1);
    shown[0]!.emit('click');
    expect(restart).toHaveBeenCalledTimes(2);
    expect(others).toEqual([]);
  });

  test.each(['linux', 'win32'] as const)('%s: a click restarts, and the body says so', async (platform) => {
    const { prompt, shown } = notifier(platform);
    const restart = vi.fn();
    prompt.show(update(restart));
    await flush(); // show() reads the setting first
    expect(shown[0]!.options).toEqual({ title: 'Flotilla update ready', body: 'Flotilla 1.2.0 has been downloaded.\nClick to restart now.' });
    shown[0]!.emit('click');
    expect(restart).toHaveBeenCalledTimes(1);
  });

  test("leaves other actions to the instances' handler; where notifications are unsupported the adapter says so", async () => {
    const { prompt, others } = notifier('linux');
    expect(prompt.handleAction('open:us-east-1/i-0123456789abcdef0')).toBe(false);
    expect(prompt.handleAction(RESTART_TO_UPDATE_ACTION)).toBe(true); // nothing shown yet: nothing to restart
    const quiet = notifier('linux', false);
    quiet.prompt.show(update(vi.fn()));
    await flush(); // show() reads the setting first
    expect(quiet.shown).toEqual([]);
    expect(quiet.unsupported).toEqual(['Flotilla update ready']);
    expect(others).toEqual([]);
  });

  test('with update notifications off in Settings, nothing is shown and the log says it installs on quit', async () => {
    const { prompt, shown, logged } = notifier('darwin', true, false);
    prompt.show(update(vi.fn()));
    await flush(); // show() reads the setting first
    expect(shown).toEqual([]);
    expect(logged).toEqual(['auto-update: an update is ready; update notifications are off, so it installs when Flotilla quits']);
  });
});
