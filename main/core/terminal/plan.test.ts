import { execFileSync } from 'node:child_process';
import { HOSTILE } from './hostile.test-helpers';
import { customLaunch, LINUX_TERMINALS, linuxLaunch, macLaunch, windowsLaunch, type Which } from './plan';

/** A PATH holding exactly these programs (name → path). */
function onPath(programs: Record<string, string>): Which & { asked: string[] } {
  const asked: string[] = [];
  const which = async (program: string) => {
    asked.push(program);
    return programs[program] ?? null;
  };
  return Object.assign(which, { asked });
}

const SSH = '/usr/bin/ssh';
const sshArgs = ['-i', '/home/ada/My Keys/k.pem', '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];

/** Reads back what osascript would hand the shell: the AppleScript string after `verb`, unescaped. */
function shellLineOf(statement: string, verb: string): string {
  expect(statement.startsWith(`${verb} "`)).toBe(true);
  const literal = statement.slice(verb.length + 1);
  return JSON.parse(literal) as string; // \\ and \" mean the same in JSON and AppleScript
}

describe('macOS', () => {
  // Read back by a real /bin/sh, which Windows does not have (this plan is for macOS only).
  test.skipIf(process.platform === 'win32')('Terminal.app through osascript; the shell gets every argument back as one word', async () => {
    const launch = await macLaunch({ command: SSH, args: HOSTILE, choice: null, which: onPath({ osascript: '/usr/bin/osascript' }) });
    expect(launch.command).toBe('/usr/bin/osascript');
    expect(launch.terminal).toBe('Terminal');
    const statements = launch.args.filter((_, i) => i % 2 === 1);
    expect(launch.args.filter((_, i) => i % 2 === 0).every((a) => a === '-e')).toBe(true);
    expect(statements[0]).toBe('tell application "Terminal"');
    const line = shellLineOf(statements[2]!, 'do script');
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(words).toEqual([SSH, ...HOSTILE]);
  });

  test('iTerm when chosen (iTerm2 and iTerm.app too)', async () => {
    for (const choice of ['iTerm', 'iterm2', 'iTerm.app']) {
      const launch = await macLaunch({ command: SSH, args: sshArgs, choice, which: onPath({}) });
      expect(launch.command).toBe('/usr/bin/osascript');
      expect(launch.args[1]).toBe('tell application "iTerm"');
      const write = launch.args.find((a) => a.startsWith('tell current session'))!;
      expect(shellLineOf(write.replace('tell current session of flotillaWindow to ', ''), 'write text')).toBe(
        `'${SSH}' '-i' '/home/ada/My Keys/k.pem' '-o' 'StrictHostKeyChecking=accept-new' 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'`,
      );
    }
  });

  test('any other choice is refused, naming the two that work', async () => {
    await expect(macLaunch({ command: SSH, args: [], choice: 'xterm', which: onPath({}) })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('choose Terminal or iTerm'),
    });
  });
});

describe('Windows', () => {
  const ssh = 'C:\\Windows\\System32\\OpenSSH\\ssh.exe';
  const wt = 'C:\\Users\\ada\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe';
  const powershell = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

  test('Windows Terminal first: arguments as an array, semicolons escaped', async () => {
    const launch = await windowsLaunch({ command: ssh, args: ['; rm -rf ~', 'a;b'], choice: null, which: onPath({ 'wt.exe': wt, 'powershell.exe': powershell }) });
    expect(launch).toEqual({ terminal: 'Windows Terminal', command: wt, args: ['new-tab', '--title', 'Flotilla', '--', ssh, '\\; rm -rf ~', 'a\\;b'] });
  });

  test('then PowerShell, kept open, with the command base64-encoded', async () => {
    // `"`, empty and space-then-trailing-backslash arguments are refused on Windows (argv-round-trip.adversarial.test.ts).
    const passable = HOSTILE.filter((a) => a !== '' && !a.includes('"') && !(/\s/.test(a) && a.endsWith('\\')));
    const launch = await windowsLaunch({ command: ssh, args: passable, choice: null, which: onPath({ 'powershell.exe': powershell }) });
    expect(launch.command).toBe(powershell);
    expect(launch.args.slice(0, 3)).toEqual(['-NoLogo', '-NoExit', '-EncodedCommand']);
    expect(launch.args).toHaveLength(4);
    expect(Buffer.from(launch.args[3]!, 'base64').toString('utf16le')).toMatch(/^& 'C:\\Windows\\System32\\OpenSSH\\ssh\.exe' '; rm -rf ~' /);
  });

  test('else ssh itself in a console window of its own', async () => {
    expect(await windowsLaunch({ command: ssh, args: sshArgs, choice: null, which: onPath({}) })).toEqual({ terminal: 'a console window', command: ssh, args: sshArgs });
  });

  test('a choice is honoured, or refused with what to do', async () => {
    const both = onPath({ 'wt.exe': wt, 'powershell.exe': powershell });
    expect((await windowsLaunch({ command: ssh, args: [], choice: 'powershell', which: both })).command).toBe(powershell);
    await expect(windowsLaunch({ command: ssh, args: [], choice: 'wt', which: onPath({ 'powershell.exe': powershell }) })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('install Windows Terminal'),
    });
    await expect(windowsLaunch({ command: ssh, args: [], choice: 'cmd.exe', which: both })).rejects.toMatchObject({ message: expect.stringContaining('choose wt or powershell') });
  });
});

describe('Linux', () => {
  test('the first of x-terminal-emulator, gnome-terminal, konsole, xterm found on PATH', async () => {
    const all = { 'x-terminal-emulator': '/usr/bin/x-terminal-emulator', 'gnome-terminal': '/usr/bin/gnome-terminal', konsole: '/usr/bin/konsole', xterm: '/usr/bin/xterm' };
    const which = onPath(all);
    expect(await linuxLaunch({ command: SSH, args: sshArgs, choice: null, which })).toEqual({ terminal: 'x-terminal-emulator', command: '/usr/bin/x-terminal-emulator', args: ['-e', SSH, ...sshArgs] });
    expect(which.asked).toEqual(['x-terminal-emulator']);

    const noDefault = onPath({ konsole: all.konsole, xterm: all.xterm });
    expect((await linuxLaunch({ command: SSH, args: [], choice: null, which: noDefault })).terminal).toBe('konsole');
    expect(noDefault.asked).toEqual(['x-terminal-emulator', 'gnome-terminal', 'konsole']);
    expect(LINUX_TERMINALS).toEqual(['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm']);
  });

  test('each terminal gets the program and its arguments its own way, each argument separate', async () => {
    const cases: Array<[string, string[]]> = [
      ['gnome-terminal', ['--', SSH, ...HOSTILE]],
      ['konsole', ['-e', SSH, ...HOSTILE]],
      ['xterm', ['-e', SSH, ...HOSTILE]],
      ['xfce4-terminal', ['-x', SSH, ...HOSTILE]],
      ['kitty', [SSH, ...HOSTILE]],
      ['wezterm', ['start', '--', SSH, ...HOSTILE]],
      ['alacritty', ['-e', SSH, ...HOSTILE]],
    ];
    for (const [choice, args] of cases) {
      const path = `/usr/bin/${choice}`;
      const launch = await linuxLaunch({ command: SSH, args: HOSTILE, choice, which: onPath({ [choice]: path }) });
      expect(launch).toEqual({ terminal: choice, command: path, args });
    }
  });

  test('the custom program (already checked) gets the style its name calls for, else -e', () => {
    // A name Flotilla does not know gets plain words only (terminator-dbus.adversarial.test.ts).
    const plain = ['-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'];
    expect(customLaunch({ command: SSH, args: plain, choice: 'custom', custom: '/opt/myterm/bin/myterm', which: onPath({}) })).toEqual({
      terminal: 'myterm',
      command: '/opt/myterm/bin/myterm',
      args: ['-e', SSH, ...plain],
    });
    expect(() => customLaunch({ command: SSH, args: HOSTILE, choice: 'custom', custom: '/opt/myterm/bin/myterm', which: onPath({}) })).toThrow(/not a plain word/);
    expect(customLaunch({ command: SSH, args: HOSTILE, choice: 'custom', custom: '/opt/bin/alacritty', which: onPath({}) }).args).toEqual(['-e', SSH, ...HOSTILE]);
    expect(customLaunch({ command: SSH, args: [], choice: 'custom', custom: '/opt/kitty/bin/kitty', which: onPath({}) }).args).toEqual([SSH]);
    expect(customLaunch({ command: 'C:\\ssh.exe', args: [], choice: 'custom', custom: 'C:\\Tools\\WezTerm.exe', which: onPath({}) }).args).toEqual(['start', '--', 'C:\\ssh.exe']);
  });

  test('a chosen terminal that is missing, or none at all, says what to do', async () => {
    await expect(linuxLaunch({ command: SSH, args: [], choice: 'kitty', which: onPath({ xterm: '/usr/bin/xterm' }) })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^The terminal 'kitty' chosen in Settings → Terminal was not found on PATH: install it, choose another/),
    });
    await expect(linuxLaunch({ command: SSH, args: [], choice: 'tilda', which: onPath({ tilda: '/usr/bin/tilda' }) })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^Settings → Terminal is 'tilda', which is not a terminal Flotilla knows on Linux: pick one of x-terminal-emulator, /),
    });
    await expect(linuxLaunch({ command: SSH, args: [], choice: null, which: onPath({}) })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^No terminal found: install xterm \(or gnome-terminal, konsole\) or choose one in Settings → Terminal/),
      data: { setting: 'terminal' },
    });
  });
});
