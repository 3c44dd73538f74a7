import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../core/shared/clock';
import { createLogger, formatLogLine, parseLogLevel } from './logger';
import { fakeNotificationClass } from './fake-notification.test-helpers';
import { createNotifier } from './notifier';
import { createOpener } from './opener';

const fakeConsole = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('logger', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test('formats time, level, message and fields; Errors become their stack', () => {
    const time = new Date('2025-01-02T03:04:05.006Z');
    expect(formatLogLine(time, 'info', 'hello')).toBe('2025-01-02T03:04:05.006Z INFO  hello');
    const line = formatLogLine(time, 'error', 'failed', { channel: 'x', error: new Error('bad') });
    expect(line).toMatch(/^2025-01-02T03:04:05.006Z ERROR failed \{"channel":"x","error":"Error: bad\\n\s+at /);
  });

  test('writes to the console and appends to the file (creating its folder), dropping lower levels', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-log-'));
    dirs.push(dir);
    const file = path.join(dir, 'logs', 'main.log');
    const out = fakeConsole();
    const logger = createLogger({ file, console: out, level: 'info', now: () => new Date(0) });
    logger.debug('hidden');
    logger.info('started', { version: '1' });
    logger.warn('careful');
    await logger.close();
    logger.error('after close goes to the console only');
    expect(out.debug).not.toHaveBeenCalled();
    expect(out.info).toHaveBeenCalledWith('1970-01-01T00:00:00.000Z INFO  started {"version":"1"}');
    expect(out.error).toHaveBeenCalledTimes(1);
    expect(readFileSync(file, 'utf8')).toBe(
      '1970-01-01T00:00:00.000Z INFO  started {"version":"1"}\n1970-01-01T00:00:00.000Z WARN  careful\n',
    );
  });

  test('parses the level, defaulting to info', () => {
    expect(parseLogLevel('debug')).toBe('debug');
    expect(parseLogLevel('LOUD')).toBe('info');
    expect(parseLogLevel(undefined)).toBe('info');
  });
});

describe('systemClock', () => {
  test('tells the time and cancels timers', async () => {
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
    const fired = vi.fn();
    systemClock.setTimeout(fired, 1)();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('opener', () => {
  test('opens http and https URLs', async () => {
    const openExternal = vi.fn(async () => {});
    const opener = createOpener(openExternal);
    await opener.openUrl('https://example.com/a?b=c');
    await opener.openUrl('http://localhost:3000/');
    expect(openExternal.mock.calls).toEqual([['https://example.com/a?b=c'], ['http://localhost:3000/']]);
  });

  test('passes on a failure of the system browser', async () => {
    const opener = createOpener(async () => Promise.reject(new Error('no handler for https')));
    await expect(opener.openUrl('HTTPS://EXAMPLE.COM/')).rejects.toThrow('no handler for https');
  });

  test.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', '/relative', 'not a url', ''])(
    'refuses %j with forbidden',
    async (url) => {
      const openExternal = vi.fn(async () => {});
      await expect(createOpener(openExternal).openUrl(url)).rejects.toMatchObject({ name: 'FlotillaError', code: 'forbidden' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('notifier', () => {

  const actions = [
    { id: 'open:us-east-1/i-0123456789abcdef0', label: 'Open' },
    { id: 'ssh:us-east-1/i-0123456789abcdef0', label: 'SSH' },
  ];

  test('shows a notification with title and body', () => {
    const { Notification, shown } = fakeNotificationClass();
    createNotifier(Notification, { platform: 'linux' }).notify({ title: 'Done', body: 'web is up' });
    expect(shown.map((n) => n.options)).toEqual([{ title: 'Done', body: 'web is up' }]);
  });

  // electron shell/browser/notifications/mac/notification_center_delegate.mm (v45.0.0-nightly.20260821)
  // didReceiveNotificationResponse: UNNotificationDefaultActionIdentifier (a click on the body)
  // → NotificationClicked ('click'); an ACTION_<n> identifier (a button) → 'action' with index n.
  test('macOS: one button per action; a button runs its own action, a click on the body runs the first', () => {
    const { Notification, shown } = fakeNotificationClass();
    const onAction = vi.fn();
    const onClick = vi.fn();
    createNotifier(Notification, { platform: 'darwin', onAction, onClick }).notify({ title: 'web/x is ready', body: 'b', actions });
    expect(shown[0]!.options).toEqual({ title: 'web/x is ready', body: 'b', actions: [{ type: 'button', text: 'Open' }, { type: 'button', text: 'SSH' }] });
    shown[0]!.emit('action', 1);
    expect(onAction).toHaveBeenCalledWith('ssh:us-east-1/i-0123456789abcdef0');
    shown[0]!.emit('action', 7);
    expect(onAction).toHaveBeenCalledTimes(1);
    shown[0]!.emit('click');
    expect(onAction).toHaveBeenCalledTimes(2);
    expect(onAction).toHaveBeenLastCalledWith('open:us-east-1/i-0123456789abcdef0');
    expect(onClick).not.toHaveBeenCalled();
  });

  test.each(['darwin', 'linux', 'win32'] as const)('%s: a click on a notification without actions shows the window', (platform) => {
    const { Notification, shown } = fakeNotificationClass();
    const onAction = vi.fn();
    const onClick = vi.fn();
    createNotifier(Notification, { platform, onAction, onClick }).notify({ title: 't', body: 'b' });
    shown[0]!.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onAction).not.toHaveBeenCalled();
  });

  // electron docs/api/notification.md at v45.0.0-nightly.20260821 (newest v45 ref in the mirror),
  // "Event: 'action'": `details` Event<> with `actionIndex` number; the positional `actionIndex`
  // is _Deprecated_. electron_api_notification.cc NotificationAction sets it on the event object.
  test('macOS: the button comes from the action event’s details (actionIndex), not the deprecated positional argument', () => {
    const { Notification, shown } = fakeNotificationClass();
    const onAction = vi.fn();
    createNotifier(Notification, { platform: 'darwin', onAction }).notify({ title: 't', body: 'b', actions });
    shown[0]!.emitRaw('action', { actionIndex: 1, selectionIndex: -1 });
    expect(onAction).toHaveBeenCalledWith('ssh:us-east-1/i-0123456789abcdef0');
    shown[0]!.emitRaw('action', {}, 0);
    expect(onAction).toHaveBeenCalledTimes(1);
  });

  // electron docs/breaking-changes.md at v45.0.0-nightly.20260821, 42.0 "macOS notifications now
  // use `UNNotification` API": "If an application is not code-signed, notifications will emit a
  // `failed` event"; docs/api/notification.md "Event: 'failed'" (event, error string).
  test('a notification that fails to show (unsigned macOS build) is told once, and none is shown after it', () => {
    const { Notification, shown } = fakeNotificationClass();
    const onFailed = vi.fn();
    const onUnsupported = vi.fn();
    const notifier = createNotifier(Notification, { platform: 'darwin', onFailed, onUnsupported, onAction: vi.fn() });
    notifier.notify({ title: 'first', body: 'b', actions });
    expect(() => shown[0]!.emitFailed('Notifications are not allowed for this application')).not.toThrow();
    expect(onFailed).toHaveBeenCalledExactlyOnceWith('Notifications are not allowed for this application');
    expect(onUnsupported).toHaveBeenCalledWith('first');
    notifier.notify({ title: 'second', body: 'b' });
    expect(shown).toHaveLength(1);
    expect(onUnsupported).toHaveBeenLastCalledWith('second');
    shown[0]!.emitFailed('again');
    expect(onFailed).toHaveBeenCalledTimes(1);
  });

  test('Windows: a failure is told once, but later notifications are still shown', () => {
    const { Notification, shown } = fakeNotificationClass();
    const onFailed = vi.fn();
    const onUnsupported = vi.fn();
    const notifier = createNotifier(Notification, { platform: 'win32', onFailed, onUnsupported });
    notifier.notify({ title: 'first', body: 'b' });
    shown[0]!.emitFailed('0x80070490');
    notifier.notify({ title: 'second', body: 'b' });
    shown[1]!.emitFailed('0x80070490');
    expect(shown).toHaveLength(2);
    expect(onFailed).toHaveBeenCalledTimes(1);
    expect(onUnsupported.mock.calls).toEqual([['first'], ['second']]);
  });

  test.each(['win32', 'linux'] as const)('%s: no buttons; a click runs the first action, and the body says so', (platform) => {
    const { Notification, shown } = fakeNotificationClass();
    const onAction = vi.fn();
    createNotifier(Notification, { platform, onAction }).notify({ title: 't', body: 'b', actions });
    expect(shown[0]!.options).toEqual({ title: 't', body: 'b\nClick to open.' });
    shown[0]!.emit('click');
    expect(onAction).toHaveBeenCalledWith('open:us-east-1/i-0123456789abcdef0');
  });

  test('without a handler, actions are not offered at all', () => {
    const { Notification, shown } = fakeNotificationClass();
    createNotifier(Notification, { platform: 'darwin' }).notify({ title: 't', body: 'b', actions });
    expect(shown[0]!.options).toEqual({ title: 't', body: 'b' });
  });

  test('reports instead of showing when notifications are unsupported', () => {
    const { Notification, shown } = fakeNotificationClass(false);
    const onUnsupported = vi.fn();
    createNotifier(Notification, { platform: 'linux', onUnsupported }).notify({ title: 'Done', body: '' });
    expect(shown).toEqual([]);
    expect(onUnsupported).toHaveBeenCalledWith('Done');
  });
});
