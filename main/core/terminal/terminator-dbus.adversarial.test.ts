// Terminator (a known Linux terminal, and a common x-terminal-emulator alternative) turns the
// program and its arguments into one shell line when another Terminator is already running:
// the new process hands its options to the running one over D-Bus, joining list options with
// spaces (gnome-terminator/terminator terminatorlib/optionparse.py, parse_options:
// `val = ' '.join(val)`; `terminator`, "arrays are joined (the -x argument for example)"), and the
// running one starts a string command as `$SHELL -c command` (terminatorlib/terminal.py,
// spawn_child). So `terminator -x ssh -i '/k;touch x' ...` ran `touch x`. `-u` (--no-dbus) makes
// the new process open its own window with the argument list as it is.
import { execFileSync } from 'node:child_process';
import { createTerminal } from './create-terminal';
import { recordingSpawn } from './hostile.test-helpers';
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
    const { spawn, calls } = recordingSpawn();
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

// The same class of bug in terminals Flotilla has no rules for: lxterminal joined the words
// after -e with spaces and split the line again with g_shell_parse_argv (lxterminal
// src/lxterminal.c, lxterminal_process_arguments, before it kept them as a list), so a key path
// `/k -oProxyCommand=touch\ /tmp/x` became an ssh option whose value ssh runs with the shell.
// A terminal whose handling Flotilla does not know (a custom program, or what x-terminal-emulator
// links to when it is not one of the known terminals or a Debian .wrapper) gets plain words only.
describe('a terminal of unknown argument handling gets only plain words', () => {
  const sneaky = ['-i', '/k -oProxyCommand=touch\\ /tmp/flotilla-pwned', '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];
  const plain = ['-i', '/home/ada/.ssh/ada.pem', '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];
  const xte = (target: string) => ({ which: onPath({ 'x-terminal-emulator': '/usr/bin/x-terminal-emulator' }), realpath: async () => target });

  test('x-terminal-emulator linking to a terminal Flotilla does not know', async () => {
    await expect(linuxLaunch({ command: SSH, args: sneaky, choice: null, ...xte('/usr/bin/lxterminal') })).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await linuxLaunch({ command: SSH, args: plain, choice: null, ...xte('/usr/bin/lxterminal') })).args).toEqual(['-e', SSH, ...plain]);
    // Debian's wrappers and the known terminals keep arguments with spaces as they are.
    expect((await linuxLaunch({ command: SSH, args: ARGS, choice: null, ...xte('/usr/bin/gnome-terminal.wrapper') })).args).toEqual(['-e', SSH, ...ARGS]);
    expect((await linuxLaunch({ command: SSH, args: ARGS, choice: null, ...xte('/usr/bin/konsole') })).args).toEqual(['-e', SSH, ...ARGS]);
  });

  test('a custom program of unknown name (Windows: also no argument its command line would split)', () => {
    expect(() => customLaunch({ command: SSH, args: sneaky, choice: 'custom', custom: '/opt/myterm/bin/myterm', which: onPath({}) })).toThrow(/plain/);
    expect(customLaunch({ command: SSH, args: plain, choice: 'custom', custom: '/opt/myterm/bin/myterm', which: onPath({}) }).args).toEqual(['-e', SSH, ...plain]);
    expect(customLaunch({ command: SSH, args: ARGS, choice: 'custom', custom: '/opt/kitty/bin/kitty', which: onPath({}) }).args).toEqual([SSH, ...ARGS]);
    const ssh = 'C:\\Windows\\System32\\OpenSSH\\ssh.exe';
    const winArgs = ['-i', 'C:\\k" -oProxyCommand=calc.exe "x', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];
    expect(() => customLaunch({ command: ssh, args: winArgs, choice: 'custom', custom: 'C:\\Tools\\WezTerm.exe', which: onPath({}) })).toThrow(/double quote/);
    expect(() => customLaunch({ command: ssh, args: ['-i', 'C:\\Users\\ada\\My Keys\\ada.pem'], choice: 'custom', custom: 'C:\\Tools\\ConEmu64.exe', which: onPath({}) })).toThrow(/plain/);
  });
});
