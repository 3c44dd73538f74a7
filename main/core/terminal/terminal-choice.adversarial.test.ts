/**
 * Issue 11 item 3, at spawn time: whatever reaches the terminal port as Settings → Terminal, only
 * a known launcher for this OS (found on PATH) or the confirmed custom program (absolute, an
 * existing regular file this user may run) is ever started. Before the fix a value such as `sh`,
 * `/bin/sh` or `python3` was looked up and started with `-e ssh ...` appended.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordingSpawn } from './hostile.test-helpers';
import { createTerminal } from './index';

const POSIX = process.platform !== 'win32';

/** Every name is "on PATH" in /usr/bin: the lookup never stops an attack here, the allow-list must. */
const everythingOnPath = async (program: string) => (program.includes('/') ? program : `/usr/bin/${program}`);

describe('only a known terminal or the confirmed custom program is started', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'flotilla-term-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each(['sh', 'bash', '/bin/sh', '/usr/bin/python3', 'python3', 'env', 'xterm -e sh', '../../bin/sh', 'tilda', 'iTerm', 'wt', 'custom'])(
    'linux: the choice %j is refused and nothing is spawned',
    async (choice) => {
      const { spawn, calls } = recordingSpawn();
      const terminal = createTerminal({ platform: 'linux', env: {}, which: everythingOnPath, spawn });
      await expect(terminal.run('ssh', ['ec2-user@203.0.113.7'], { choice })).rejects.toMatchObject({
        code: expect.stringMatching(/invalid-input|unavailable/),
        message: expect.stringContaining('Settings → Terminal'),
      });
      expect(calls).toEqual([]);
    },
  );

  test.each(['/bin/sh', 'Terminal.app; do shell script', 'xterm', 'custom'])('macOS: the choice %j is refused and nothing is spawned', async (choice) => {
    const { spawn, calls } = recordingSpawn();
    const terminal = createTerminal({ platform: 'darwin', env: {}, which: everythingOnPath, spawn });
    await expect(terminal.run('ssh', ['h'], { choice })).rejects.toMatchObject({ message: expect.stringContaining('Settings → Terminal') });
    expect(calls).toEqual([]);
  });

  test.each(['cmd.exe', 'C:\\Windows\\System32\\cmd.exe', 'calc', 'konsole', 'custom'])('Windows: the choice %j is refused and nothing is spawned', async (choice) => {
    const { spawn, calls } = recordingSpawn();
    const terminal = createTerminal({ platform: 'win32', env: {}, which: async (p) => `C:\\Windows\\System32\\${p}`, spawn });
    await expect(terminal.run('ssh', ['h'], { choice })).rejects.toMatchObject({ message: expect.stringContaining('Settings → Terminal') });
    expect(calls).toEqual([]);
  });

  test('a known launcher is started (found on PATH)', async () => {
    const { spawn, calls } = recordingSpawn();
    await createTerminal({ platform: 'linux', env: {}, which: everythingOnPath, spawn }).run('ssh', ['h'], { choice: 'konsole' });
    expect(calls).toEqual([{ command: '/usr/bin/konsole', args: ['-e', '/usr/bin/ssh', 'h'] }]);
  });

  describe.runIf(POSIX)('the custom program', () => {
    const run = (custom: string | null, platform: NodeJS.Platform = 'linux') => {
      const { spawn, calls } = recordingSpawn();
      const terminal = createTerminal({ platform, env: {}, which: everythingOnPath, spawn });
      return { calls, done: terminal.run('ssh', ['h'], { choice: 'custom', custom }) };
    };

    test('an absolute path to an executable regular file is started, with the arguments its name calls for', async () => {
      const program = path.join(dir, 'kitty');
      writeFileSync(program, '#!/bin/sh\n');
      chmodSync(program, 0o755);
      const { calls, done } = run(program);
      await done;
      expect(calls).toEqual([{ command: program, args: ['/usr/bin/ssh', 'h'] }]);
    });

    test.each([
      ['missing', () => null],
      ['relative', () => 'bin/kitty'],
      ['a name on PATH', () => 'sh'],
      ['not there', (d: string) => path.join(d, 'nope')],
      ['a folder', (d: string) => (mkdirSync(path.join(d, 'folder')), path.join(d, 'folder'))],
      ['not executable', (d: string) => (writeFileSync(path.join(d, 'plain'), 'x'), chmodSync(path.join(d, 'plain'), 0o644), path.join(d, 'plain'))],
      ['a control character in it', (d: string) => `${d}/kitty\n-e`],
      ['a symlink to a folder', (d: string) => (mkdirSync(path.join(d, 'real')), symlinkSync(path.join(d, 'real'), path.join(d, 'link')), path.join(d, 'link'))],
    ])('%s: refused with how to fix it, nothing spawned', async (_name, make) => {
      const { calls, done } = run(make(dir));
      await expect(done).rejects.toMatchObject({ message: expect.stringMatching(/Settings → Terminal.*Choose program/s) });
      expect(calls).toEqual([]);
    });

    test('Windows: a .bat or .cmd is refused (Node would need a shell to start it)', async () => {
      const { calls, done } = run('C:\\tools\\term.bat', 'win32');
      await expect(done).rejects.toMatchObject({ message: expect.stringContaining('Choose program') });
      expect(calls).toEqual([]);
    });
  });
});
