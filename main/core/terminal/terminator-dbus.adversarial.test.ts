// Terminator (a known Linux terminal, and a common x-terminal-emulator alternative) turns the
// program and its arguments into one shell line when another Terminator is already running:
// the new process hands its options to the running one over D-Bus, joining list options with
// spaces (gnome-terminator/terminator terminatorlib/optionparse.py, parse_options:
// `val = ' '.join(val)`; `terminator`, "arrays are joined (the -x argument for example)"), and the
// running one starts a string command as `$SHELL -c command` (terminatorlib/terminal.py,
// spawn_child). So `terminator -x ssh -i '/k;touch x' ...` ran `touch x`. `-u` (--no-dbus) makes
// the new process open its own window with the argument list as it is.
import { execFileSync } from 'node:child_process';
import { createTerminal, type SpawnedChild, type SpawnLike } from './create-terminal';
import { customLaunch, linuxLaunch, type Which } from './plan';

const SSH = '/usr/bin/ssh';
const KEY = '/home/ada/keys/k;echo PWNED #.pem';
const ARGS = ['-i', KEY, '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];
const onPath =
  (programs: Record<string, string>): Which =>
  async (program) =>
    programs[program] ?? null;

test.skipIf(process.platform === 'win32')('the model: joined with spaces and run by a shell, the key path runs code', () => {
  const out = execFileSync('/bin/sh', ['-c', ['echo', ...ARGS].join(' ')], { encoding: 'utf8' });
  expect(out).toContain('PWNED');
});

describe('Terminator never gets a command it could hand to a running instance as one shell line', () => {
  test('chosen by name: started with --no-dbus (-u) before -x', async () => {
    const launch = await linuxLaunch({ command: SSH, args: ARGS, choice: 'terminator', which: onPath({ terminator: '/usr/bin/terminator' }) });
    expect(launch.args).toEqual(['-u', '-x', SSH, ...ARGS]);
  });

  test('chosen as the custom program: the same', () => {
    expect(customLaunch({ command: SSH, args: ARGS, choice: 'custom', custom: '/opt/terminator/bin/terminator', which: onPath({}) }).args).toEqual(['-u', '-x', SSH, ...ARGS]);
  });

  test('behind x-terminal-emulator (Debian alternatives): the link is followed to learn which terminal it is', async () => {
    const calls: Array<{ command: string; args: string[] }> = [];
    const spawn: SpawnLike = (command, args) => {
      calls.push({ command, args });
      const child: SpawnedChild = {
        once: ((event: string, listener: () => void) => {
          if (event === 'spawn') setImmediate(listener);
          return child;
        }) as SpawnedChild['once'],
        unref: () => undefined,
      };
      return child;
    };
    const links: Record<string, string> = { '/usr/bin/x-terminal-emulator': '/usr/bin/terminator' };
    const terminal = createTerminal({
      platform: 'linux',
      env: {},
      which: onPath({ ssh: SSH, 'x-terminal-emulator': '/usr/bin/x-terminal-emulator' }),
      spawn,
      realpath: async (file: string) => links[file] ?? file,
    });
    await terminal.run('ssh', ARGS, { choice: null });
    links['/usr/bin/x-terminal-emulator'] = '/usr/bin/xterm';
    await terminal.run('ssh', ARGS, { choice: 'x-terminal-emulator' });
    expect(calls).toEqual([
      { command: '/usr/bin/x-terminal-emulator', args: ['-u', '-x', SSH, ...ARGS] },
      { command: '/usr/bin/x-terminal-emulator', args: ['-e', SSH, ...ARGS] },
    ]);
  });
});
