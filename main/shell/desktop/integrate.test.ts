import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings, SettingsView } from '../../contract/dto/settings';
import { FakeClock, flush } from '../../core/instances/fake-clock';
import { FakeEmitter, fakeEvent } from '../security/fakes.test-helpers';
import { createSettingsFeed } from '../settings-feed';
import { dto, fakeElectron, FakeEvents, fleet } from '../tray/fakes.test-helpers';
import { startDesktop, type TrayTestHook } from './integrate';

const silent = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function view(settings: Partial<Settings>): SettingsView {
  return { settings: { closeToTray: true, launchAtLogin: false, ...settings } as Settings, file: 'f', warnings: [] };
}

class FakeApp extends FakeEmitter {
  isPackaged = true;
  quits = 0;
  loginItems: unknown[] = [];
  constructor(private readonly home: string) {
    super();
  }
  quit() {
    this.quits++;
    this.emit('before-quit');
  }
  getAppPath() {
    return '/opt/Flotilla/resources/app.asar';
  }
  getPath() {
    return this.home;
  }
  setLoginItemSettings(settings: unknown) {
    this.loginItems.push(settings);
  }
}

class FakeWindow extends FakeEmitter {
  hidden = 0;
  hide() {
    this.hidden++;
  }
}

describe('startDesktop', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'flotilla-desktop-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    delete (globalThis as { __flotillaTray?: TrayTestHook }).__flotillaTray;
  });

  function setup(options: { platform?: NodeJS.Platform; env?: Record<string, string>; argv?: string[]; initial?: Partial<Settings>; brokenTray?: boolean } = {}) {
    const events = new FakeEvents();
    const app = new FakeApp(home);
    const electron = fakeElectron();
    const instances = {
      list: vi.fn(async () => fleet([dto('i-1')])),
      openUrl: vi.fn(async () => ({ url: '' })),
      openSsh: vi.fn(async () => ({ command: 'ssh' as const, args: [], text: '', user: '', host: '', keyFile: null })),
      extend: vi.fn(async () => dto('i-1')),
      terminate: vi.fn(async () => ({ terminated: [], refused: [], securityGroups: [] })),
    };
    const core = { api: { instances, settings: { get: vi.fn(async () => view(options.initial ?? {})) } }, events } as never;
    const showMessageBox = vi.fn(async () => ({ response: 1 }));
    const showWindow = vi.fn();
    const Tray = options.brokenTray
      ? class {
          constructor() {
            throw new Error('no status notifier');
          }
        }
      : electron.Tray;
    const settingsFeed = createSettingsFeed(events, silent);
    const started = startDesktop({
      platform: options.platform ?? 'linux',
      env: options.env ?? {},
      argv: options.argv ?? ['/opt/Flotilla/flotilla'],
      execPath: '/opt/Flotilla/flotilla',
      app,
      electron: { ...electron, Tray: Tray as typeof electron.Tray },
      showMessageBox,
      icons: { template: '/t.png', colour: '/c.png' },
      core,
      settingsFeed,
      clock: new FakeClock(),
      logger: silent,
      showWindow,
    });
    return { started, events, app, electron, instances, showMessageBox, showWindow };
  }

  test('closing hides the window into the tray; the tray’s Quit really quits', async () => {
    const { started, app, electron } = setup();
    const desktop = await started;
    const window = new FakeWindow();
    desktop.attach(window);
    const close = fakeEvent();
    window.emit('close', close);
    expect([close.prevented, window.hidden]).toEqual([true, 1]);
    electron.trays[0]!.menu.find((i) => i.label === 'Quit Flotilla')!.click!();
    expect(app.quits).toBe(1);
    const again = fakeEvent();
    window.emit('close', again);
    expect(again.prevented).toBe(false);
    desktop.stop();
  });

  test('Close to tray off (from settings.changed): closing closes', async () => {
    const { started, events } = setup();
    const desktop = await started;
    const window = new FakeWindow();
    desktop.attach(window);
    // Through the shell's settings feed: the feed is the only follower of settings.changed.
    expect(events.listenerCount('settings.changed')).toBe(1);
    events.emit('settings.changed', view({ closeToTray: false }));
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.prevented).toBe(false);
    desktop.stop();
  });

  test('without a tray the window closes, and --hidden is ignored', async () => {
    const { started } = setup({ brokenTray: true, argv: ['x', '--hidden'] });
    const desktop = await started;
    expect(desktop.tray).toBeNull();
    expect(desktop.startHidden).toBe(false);
    const window = new FakeWindow();
    desktop.attach(window);
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.prevented).toBe(false);
  });

  test('Start at login turned on writes the XDG entry in HOME (Linux); a login item elsewhere', async () => {
    const { started, events } = setup({ argv: ['x', '--hidden'] });
    const desktop = await started;
    expect(desktop.startHidden).toBe(true);
    const file = path.join(home, '.config', 'autostart', 'flotilla.desktop');
    expect(existsSync(file)).toBe(false);
    events.emit('settings.changed', view({ launchAtLogin: true }));
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Flotilla/flotilla --hidden\n'));
    events.emit('settings.changed', view({ launchAtLogin: false }));
    await vi.waitFor(() => expect(existsSync(file)).toBe(false));
    desktop.stop();

    const mac = setup({ platform: 'darwin', initial: { launchAtLogin: true } });
    (await mac.started).stop();
    expect(mac.app.loginItems).toEqual([{ openAtLogin: true }]);
  });

  test('notification actions reach the core; failures are shown in a dialog', async () => {
    const { started, instances, showMessageBox } = setup();
    const desktop = await started;
    instances.openSsh.mockRejectedValueOnce(new Error('No terminal found: install xterm or choose one in Settings → Terminal.'));
    desktop.notificationAction('ssh:us-east-1/i-0123456789abcdef0');
    await flush();
    expect(instances.openSsh).toHaveBeenCalledWith({ id: 'i-0123456789abcdef0', region: 'us-east-1' });
    expect(showMessageBox).toHaveBeenCalledWith({
      type: 'error',
      message: 'Could not open an SSH terminal to i-0123456789abcdef0',
      detail: 'No terminal found: install xterm or choose one in Settings → Terminal.',
    });
    desktop.stop();
  });

  test('FLOTILLA_E2E=1 exposes the tray for the end-to-end suite', async () => {
    const { started } = setup({ env: { FLOTILLA_E2E: '1' } });
    const desktop = await started;
    expect((globalThis as { __flotillaTray?: TrayTestHook }).__flotillaTray).toEqual({ exists: true, tooltip: 'Flotilla' });
    desktop.stop();
    delete (globalThis as { __flotillaTray?: TrayTestHook }).__flotillaTray;
    const plain = setup();
    (await plain.started).stop();
    expect((globalThis as { __flotillaTray?: TrayTestHook }).__flotillaTray).toBeUndefined();
  });
});
