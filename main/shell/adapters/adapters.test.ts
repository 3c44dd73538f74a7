import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { systemClock } from '../../core/system-clock';
import { createLogger, formatLogLine, parseLogLevel } from './logger';
import { createNotifier, type NotificationClass } from './notifier';
import { createOpener } from './opener';
import { unavailableTerminal } from '../../core/unavailable-terminal';

const fakeConsole = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('logger', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('formats time, level, message and fields; Errors become their stack', () => {
    const time = new Date('2025-01-02T03:04:05.006Z');
    expect(formatLogLine(time, 'info', 'hello')).toBe('2025-01-02T03:04:05.006Z INFO  hello');
    const line = formatLogLine(time, 'error', 'failed', { channel: 'x', error: new Error('bad') });
    expect(line).toMatch(/^2025-01-02T03:04:05.006Z ERROR failed \{"channel":"x","error":"Error: bad\\n\s+at /);
  });

  it('writes to the console and appends to the file (creating its folder), dropping lower levels', async () => {
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

  it('parses the level, defaulting to info', () => {
    expect(parseLogLevel('debug')).toBe('debug');
    expect(parseLogLevel('LOUD')).toBe('info');
    expect(parseLogLevel(undefined)).toBe('info');
  });
});

describe('systemClock', () => {
  it('tells the time and cancels timers', async () => {
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
    const fired = vi.fn();
    systemClock.setTimeout(fired, 1)();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('opener', () => {
  it('opens http and https URLs', async () => {
    const openExternal = vi.fn(async () => {});
    const opener = createOpener(openExternal);
    await opener.openUrl('https://example.com/a?b=c');
    await opener.openUrl('http://localhost:3000/');
    expect(openExternal.mock.calls).toEqual([['https://example.com/a?b=c'], ['http://localhost:3000/']]);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', '/relative', 'not a url', ''])(
    'refuses %j with forbidden',
    async (url) => {
      const openExternal = vi.fn(async () => {});
      await expect(createOpener(openExternal).openUrl(url)).rejects.toMatchObject({ name: 'FlotillaError', code: 'forbidden' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('notifier', () => {
  it('shows a notification with title and body', () => {
    const shown: unknown[] = [];
    const Notification = class {
      constructor(readonly options: { title: string; body: string }) {}
      static isSupported() {
        return true;
      }
      show() {
        shown.push(this.options);
      }
    } satisfies NotificationClass;
    createNotifier(Notification).notify({ title: 'Done', body: 'web is up', actions: [{ id: 'open', label: 'Open' }] });
    expect(shown).toEqual([{ title: 'Done', body: 'web is up' }]);
  });

  it('reports instead of showing when notifications are unsupported', () => {
    const show = vi.fn();
    const Notification = class {
      static isSupported() {
        return false;
      }
      show = show;
    } satisfies NotificationClass;
    const onUnsupported = vi.fn();
    createNotifier(Notification, onUnsupported).notify({ title: 'Done', body: '' });
    expect(show).not.toHaveBeenCalled();
    expect(onUnsupported).toHaveBeenCalledWith('Done');
  });
});

describe('unavailable terminal', () => {
  it('rejects with unavailable', async () => {
    const call = unavailableTerminal.run('ssh', ['host']);
    await expect(call).rejects.toBeInstanceOf(FlotillaError);
    await expect(call).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('not available yet') });
  });
});
