/**
 * Issue 11 item 3: no single API call may turn into running an arbitrary program. Before the fix,
 * a caller holding the browser-mode API token could `settings.update {terminal: "/path/to/program"}`
 * and then `instances.openSsh` to start that program as the user. Now the API takes only a known
 * terminal for this OS (or null); a custom program is set only by settings.chooseTerminal, which
 * needs the desktop app's native dialogs (the TerminalPicker port), and is checked again when
 * chosen, when the file is loaded, and when it is started.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { methodSchemas } from '../../contract/methods';
import { createSettingsService, type SettingsServiceOptions } from './service';
import { createMemorySettingsStore } from './store';
import { silentLogger, tempDir, type TempDir } from './settings.test-helpers';
import { rejection } from '../../../test/support/rejection';

const POSIX = process.platform !== 'win32';

let tmp: TempDir;
beforeEach(async () => void (tmp = await tempDir()));
afterEach(() => tmp.cleanup());

function service(options: Partial<SettingsServiceOptions> = {}, initial: unknown = {}) {
  const store = createMemorySettingsStore(initial);
  return { store, ready: createSettingsService({ store, logger: silentLogger, home: tmp.dir, platform: 'linux', ...options }) };
}

function executable(name = 'myterm'): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('settings.update: only a known terminal for this OS, or null', () => {
  test.each(['/bin/sh', '/usr/bin/python3', 'sh', 'bash', 'python3', 'env', 'xterm -e sh', '../../bin/sh', 'C:\\Windows\\System32\\cmd.exe', 'tilda', 'iTerm', 'wt', 'Konsole', ' konsole'])(
    'refuses terminal %j and saves nothing',
    async (terminal) => {
      const { store, ready } = service();
      const settings = await ready;
      const error = await rejection(settings.api.update({ patch: { terminal } }));
      expect(error.code).toBe('invalid-input');
      expect(error.message).toMatch(/terminal/);
      expect(settings.current().terminal).toBeNull();
      expect(store.value).toEqual({});
    },
  );

  test('refuses "custom" while no program was chosen in the desktop app, saying where to choose one', async () => {
    const settings = await service().ready;
    const error = await rejection(settings.api.update({ patch: { terminal: 'custom' } }));
    expect(error.message).toMatch(/Choose program/);
  });

  test('takes a known terminal, and null for the first one found', async () => {
    const settings = await service().ready;
    expect((await settings.api.update({ patch: { terminal: 'konsole' } })).settings.terminal).toBe('konsole');
    expect((await settings.api.update({ patch: { terminal: null } })).settings.terminal).toBeNull();
  });

  test('macOS and Windows have their own lists', async () => {
    const mac = await service({ platform: 'darwin' }).ready;
    expect((await mac.api.update({ patch: { terminal: 'iTerm' } })).settings.terminal).toBe('iTerm');
    expect((await rejection(mac.api.update({ patch: { terminal: 'konsole' } }))).code).toBe('invalid-input');
    const windows = await service({ platform: 'win32' }).ready;
    expect((await windows.api.update({ patch: { terminal: 'wt' } })).settings.terminal).toBe('wt');
    expect((await rejection(windows.api.update({ patch: { terminal: 'cmd' } }))).code).toBe('invalid-input');
  });

  test('an unchanged value from the file (another OS’s terminal) does not block saving other settings', async () => {
    const settings = await service({}, { version: 1, terminal: 'iTerm' }).ready;
    expect((await settings.api.update({ patch: { terminal: 'iTerm', theme: 'dark' } })).settings).toMatchObject({ terminal: 'iTerm', theme: 'dark' });
    expect((await rejection(settings.api.update({ patch: { terminal: 'wt' } }))).code).toBe('invalid-input');
  });

  test('the payload schema has no way to set the custom program', () => {
    const parsed = methodSchemas['settings.update'].safeParse({ patch: { customTerminal: '/bin/sh' } });
    expect(parsed.success).toBe(false);
  });
});

describe('settings.chooseTerminal', () => {
  test('without the desktop app’s dialogs (browser mode): refused, saying where custom terminals are chosen', async () => {
    const settings = await service().ready;
    const error = await rejection(settings.api.chooseTerminal({}));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/desktop app/);
    expect(settings.current()).toMatchObject({ terminal: null, customTerminal: null });
  });

  test.runIf(POSIX)('saves the program the user picked and confirmed', async () => {
    const program = executable();
    const pick = vi.fn(async () => program);
    const settings = await service({ terminalPicker: { chooseTerminal: pick } }).ready;
    const view = await settings.api.chooseTerminal({});
    expect(pick).toHaveBeenCalledOnce();
    expect(view.settings).toMatchObject({ terminal: 'custom', customTerminal: program });
    // Back to a known one and to the chosen program again, without the dialog.
    await settings.api.update({ patch: { terminal: 'xterm' } });
    expect((await settings.api.update({ patch: { terminal: 'custom' } })).settings).toMatchObject({ terminal: 'custom', customTerminal: program });
  });

  test('cancelled: nothing changes', async () => {
    const settings = await service({ terminalPicker: { chooseTerminal: async () => null } }).ready;
    expect((await settings.api.chooseTerminal({})).settings).toMatchObject({ terminal: null, customTerminal: null });
  });

  test.runIf(POSIX).each([
    ['relative', () => 'bin/term'],
    ['missing', () => path.join(tmp.dir, 'nope')],
    ['a folder', () => (mkdirSync(path.join(tmp.dir, 'dir')), path.join(tmp.dir, 'dir'))],
    ['not executable', () => (writeFileSync(path.join(tmp.dir, 'plain'), 'x'), chmodSync(path.join(tmp.dir, 'plain'), 0o644), path.join(tmp.dir, 'plain'))],
    ['with a newline', () => `${executable()}\n`],
  ])('a picked program that is %s is refused', async (_name, make) => {
    const chosen = make();
    const settings = await service({ terminalPicker: { chooseTerminal: async () => chosen } }).ready;
    expect((await rejection(settings.api.chooseTerminal({}))).code).toBe('invalid-input');
    expect(settings.current()).toMatchObject({ terminal: null, customTerminal: null });
  });
});

describe('a settings file is input too: checked when loaded', () => {
  test.each([
    [{ terminal: '/bin/sh' }],
    [{ terminal: 'sh' }],
    [{ terminal: 'xterm -e sh -c id' }],
    [{ terminal: 'custom' }],
    [{ terminal: 'custom', customTerminal: 'bin/relative' }],
    [{ terminal: 'custom', customTerminal: '/bin/x\nrm' }],
  ])('%j: the terminal is back to the usual one, with a warning', async (file) => {
    const settings = await service({}, { version: 1, ...file }).ready;
    const view = await settings.api.get({});
    expect(view.settings.terminal === null || view.settings.terminal === 'custom').toBe(true);
    if (view.settings.terminal === 'custom') expect(view.settings.customTerminal).toMatch(/^\//);
    expect(view.settings.terminal).toBeNull();
    expect(view.warnings.map((w) => w.key ?? '').join(' ')).toMatch(/terminal|customTerminal/i);
  });

  test('a hand-edited absolute program is kept (its owner can run programs anyway) and still checked when started', async () => {
    const settings = await service({}, { version: 1, terminal: 'custom', customTerminal: '/opt/term/bin/term' }).ready;
    expect(settings.current()).toMatchObject({ terminal: 'custom', customTerminal: '/opt/term/bin/term' });
  });
});
