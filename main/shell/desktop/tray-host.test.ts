import { onPath, sessionBusSkipReason, startSessionBus, type SessionBus } from '../../../test/support/session-bus';
import { DBUS_TOOLS, parseBooleanReply, probeTrayHost, type DbusTool } from './tray-host';

// Issue 12, defect 6: on stock GNOME `new Tray()` succeeds and nothing shows it. What Electron does
// there: docs/api/tray.md "Platform Considerations → Linux": "Tray icon uses StatusNotifierItem by
// default, when it is not available in user's desktop environment the GtkStatusIcon will be used
// instead"; and Chromium's status_icon_linux_dbus.cc (OnNameHasOwnerResponse,
// OnHostRegisteredResponse): no owner of org.kde.StatusNotifierWatcher, or its
// IsStatusNotifierHostRegistered not true, is OnImplInitializationFailed, after which Electron's
// TrayIconLinux::OnImplInitializationFailed (shell/browser/ui/tray_icon_linux.cc) swaps in the
// GtkStatusIcon. The probe asks the same two questions.

describe('probeTrayHost: macOS and Windows always show the icon (nothing is run)', () => {
  test.each(['darwin', 'win32'] as const)('%s', async (platform) => {
    expect(await probeTrayHost({ platform, env: { PATH: '' } })).toMatchObject({ status: 'shown' });
  });
});

describe('parseBooleanReply: the two tools’ replies, as captured from a real bus', () => {
  test.each<[DbusTool, string, boolean | null]>([
    ['gdbus', '(true,)\n', true],
    ['gdbus', '(false,)\n', false],
    ['gdbus', '(<true>,)\n', true],
    ['gdbus', '(<false>,)\n', false],
    ['gdbus', "(<'true'>,)\n", null],
    ['dbus-send', '   boolean true\n', true],
    ['dbus-send', '   variant       boolean false\n', false],
    ['dbus-send', '   string "true"\n', null],
    ['dbus-send', '', null],
  ])('%s %j → %s', (tool, stdout, expected) => {
    expect(parseBooleanReply(tool, stdout)).toBe(expected);
  });
});

describe('probeTrayHost on Linux', () => {
  test('neither tool installed: unknown, saying what to install', async () => {
    const result = await probeTrayHost({ platform: 'linux', env: { PATH: '/nonexistent' } });
    expect(result).toEqual({
      status: 'unknown',
      detail: 'Could not ask the session bus whether this desktop shows tray icons: neither gdbus nor dbus-send is installed (Debian and Ubuntu: sudo apt install libglib2.0-bin).',
    });
  });

  const skip = sessionBusSkipReason();
  if (skip) console.log(`[tray-host] NOT RUN against a real session bus: ${skip}`);
  // Which of the two tools this machine has (CI installs both: .ci/run).
  const tools = DBUS_TOOLS.filter((tool) => onPath(tool));

  describe.skipIf(skip !== null).each(tools)('against a private session bus, with %s', (tool) => {
    let bus: SessionBus;
    beforeEach(async () => {
      bus = await startSessionBus();
    });
    afterEach(async () => {
      await bus.stop();
    });
    const probe = (timeoutMs?: number) =>
      probeTrayHost({ platform: 'linux', env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: bus.address }, tools: [tool], timeoutMs });

    test('no StatusNotifierWatcher on the bus (stock GNOME): no-host, with the GNOME extension to turn on', async () => {
      const result = await probe();
      expect(result.status).toBe('no-host');
      expect(result.detail).toBe(
        'No system tray was found on this desktop (nothing owns org.kde.StatusNotifierWatcher on the session bus). GNOME shows tray icons only with the “AppIndicator and KStatusNotifierItem Support” extension; start Flotilla again after turning it on.',
      );
    });

    test('a watcher with a host registered (KDE, GNOME with the extension): shown', async () => {
      await bus.startWatcher('true');
      expect(await probe()).toMatchObject({ status: 'shown', detail: expect.stringContaining('a StatusNotifierItem host is registered') });
    });

    test('a watcher without a host: no-host', async () => {
      await bus.startWatcher('false');
      expect(await probe()).toMatchObject({ status: 'no-host', detail: expect.stringContaining('IsStatusNotifierHostRegistered is false') });
    });

    test('a watcher that never answers: unknown after the timeout', async () => {
      await bus.startWatcher('hang');
      const started = Date.now();
      expect(await probe(500)).toMatchObject({ status: 'unknown', detail: expect.stringContaining(`${tool} got no answer within 500 ms`) });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    test('a watcher gone from the bus: no-host again', async () => {
      const watcher = await bus.startWatcher('true');
      watcher.stop();
      await vi.waitFor(async () => expect((await probe()).status).toBe('no-host'), { timeout: 5_000 });
    });

    test('no session bus (its socket is gone): unknown, with the reason', async () => {
      const result = await probeTrayHost({ platform: 'linux', env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }, tools: [tool] });
      expect(result.status).toBe('unknown');
      expect(result.detail).toMatch(/^Could not ask the session bus whether this desktop shows tray icons: .*(connect|No such file)/);
    });
  });
});
