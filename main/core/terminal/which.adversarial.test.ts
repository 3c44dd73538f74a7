// The program a terminal runs comes from a PATH lookup. Two ways for it to be something else:
// a relative PATH entry (`.`, `bin`) makes the lookup depend on Flotilla's working directory (a
// cloned repository, Downloads), and on Windows a `ssh.bat`/`ssh.cmd` earlier on PATH is run by
// cmd.exe (CreateProcess starts batch files through `cmd /c`), which reads `&`, `|`, `^`, `%`
// in the arguments as code (a key file named `a&calc.pem` is a valid Windows file name).
import { createTerminal } from './create-terminal';
import { recordingSpawn } from './hostile.test-helpers';
import { createWhich } from './which';

test('a relative PATH entry is never searched (POSIX and Windows)', async () => {
  const posix = createWhich({ env: { PATH: '.:bin:/usr/bin' }, platform: 'linux', isExecutable: async () => true });
  expect(await posix('ssh')).toBe('/usr/bin/ssh');
  const windows = createWhich({ env: { Path: '.;tools;C:\\Windows\\System32\\OpenSSH', PATHEXT: '.EXE' }, platform: 'win32', isExecutable: async (f) => f.toLowerCase().endsWith('ssh.exe') });
  expect(await windows('ssh')).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe');
});

test('Windows: an ssh that is a .bat or .cmd is refused, whatever terminal would run it', async () => {
  const present = new Set(['c:\\tools\\ssh.cmd', 'c:\\windows\\system32\\openssh\\ssh.exe', 'c:\\wt\\wt.exe']);
  const which = createWhich({
    env: { Path: 'C:\\Tools;C:\\Windows\\System32\\OpenSSH;C:\\wt', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
    platform: 'win32',
    isExecutable: async (file) => present.has(file.toLowerCase()),
  });
  const { spawn, calls: spawned } = recordingSpawn();
  const terminal = createTerminal({ platform: 'win32', env: {}, which, spawn });
  await expect(terminal.run('ssh', ['-i', 'C:\\keys\\a&calc.pem', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'])).rejects.toMatchObject({
    code: 'unavailable',
    message: expect.stringContaining('.cmd'),
  });
  expect(spawned).toEqual([]);
});
