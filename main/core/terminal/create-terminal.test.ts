import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSystemTerminal, createTerminal, type SpawnedChild, type SpawnLike } from './index';
import { HOSTILE } from './hostile.test-helpers';

/** A child that starts (or fails, or runs and exits) on the next tick, like node's. */
function fakeSpawn(outcome: 'spawn' | Error | { exit: number; stderr?: string } = 'spawn') {
  const calls: Array<{ command: string; args: string[]; options: Parameters<SpawnLike>[2] }> = [];
  let unrefs = 0;
  const spawn: SpawnLike = (command, args, options) => {
    calls.push({ command, args, options });
    const listeners: Record<string, (arg?: unknown) => void> = {};
    let onData: ((chunk: string) => void) | null = null;
    const child: SpawnedChild = {
      once: ((event: string, listener: (arg?: unknown) => void) => {
        listeners[event] = listener;
        return child;
      }) as SpawnedChild['once'],
      stderr: { on: (_event: 'data', listener: (chunk: Buffer | string) => void) => (onData = listener) },
      unref: () => void unrefs++,
    };
    setImmediate(() => {
      if (outcome === 'spawn') return listeners.spawn?.();
      if (outcome instanceof Error) return listeners.error?.(outcome);
      listeners.spawn?.();
      if (outcome.stderr) onData?.(outcome.stderr);
      listeners.close?.(outcome.exit);
    });
    return child;
  };
  return { spawn, calls, unrefs: () => unrefs };
}

const linuxPath = (programs: string[]) => async (name: string) => (programs.includes(name) ? `/usr/bin/${name}` : null);

describe('createTerminal', () => {
  test('spawns detached, without a shell, and resolves once the terminal started', async () => {
    const { spawn, calls, unrefs } = fakeSpawn();
    const env = { PATH: '/usr/bin', DISPLAY: ':0' };
    const terminal = createTerminal({ platform: 'linux', env, which: linuxPath(['ssh', 'gnome-terminal']), spawn });
    await terminal.run('ssh', ['-o', 'StrictHostKeyChecking=accept-new', '; rm -rf ~@$(x)']);
    expect(calls).toEqual([
      {
        command: '/usr/bin/gnome-terminal',
        args: ['--', '/usr/bin/ssh', '-o', 'StrictHostKeyChecking=accept-new', '; rm -rf ~@$(x)'],
        options: { detached: true, stdio: 'ignore', env, windowsHide: false, shell: false },
      },
    ]);
    expect(unrefs()).toBe(1);
  });

  test('uses the choice passed per call', async () => {
    const { spawn, calls } = fakeSpawn();
    await createTerminal({ platform: 'linux', env: {}, which: linuxPath(['ssh', 'xterm', 'konsole']), spawn }).run('ssh', ['h'], { choice: 'konsole' });
    expect(calls[0]).toMatchObject({ command: '/usr/bin/konsole', args: ['-e', '/usr/bin/ssh', 'h'] });
  });

  test('a terminal that fails to start is reported with what to do', async () => {
    const { spawn } = fakeSpawn(Object.assign(new Error('spawn /usr/bin/xterm EACCES'), { code: 'EACCES' }));
    await expect(createTerminal({ platform: 'linux', env: {}, which: linuxPath(['ssh', 'xterm']), spawn }).run('ssh', ['h'])).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Could not start xterm (/usr/bin/xterm): spawn /usr/bin/xterm EACCES. Choose another terminal in Settings → Terminal.',
    });
  });

  test('no ssh, or control characters: refused before anything starts', async () => {
    const { spawn, calls } = fakeSpawn();
    const terminal = createTerminal({ platform: 'win32', env: {}, which: async () => null, spawn });
    await expect(terminal.run('ssh', ['h'])).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('OpenSSH Client') });
    await expect(terminal.run('ssh', ['h\nrm -rf ~'])).rejects.toMatchObject({ code: 'invalid-input' });
    expect(calls).toEqual([]);
  });

  test('macOS and Windows go through their own launchers', async () => {
    const mac = fakeSpawn({ exit: 0 });
    await createTerminal({ platform: 'darwin', env: {}, which: async (p) => `/usr/bin/${p}`, spawn: mac.spawn }).run('ssh', ['h']);
    expect(mac.calls[0]).toMatchObject({ command: '/usr/bin/osascript', options: { detached: false, stdio: ['ignore', 'ignore', 'pipe'], shell: false } });
    const win = fakeSpawn();
    await createTerminal({ platform: 'win32', env: {}, which: async (p) => (p === 'wt.exe' ? 'C:\\wt.exe' : p === 'ssh' ? 'C:\\ssh.exe' : null), spawn: win.spawn }).run('ssh', ['h']);
    expect(win.calls[0]).toMatchObject({ command: 'C:\\wt.exe', args: ['new-tab', '--title', 'Flotilla', '--', 'C:\\ssh.exe', 'h'] });
  });
});

describe('macOS: osascript is waited for, and its failure explained', () => {
  const mac = (outcome: { exit: number; stderr?: string }) =>
    createTerminal({ platform: 'darwin', env: {}, which: async (p) => `/usr/bin/${p}`, spawn: fakeSpawn(outcome).spawn }).run('ssh', ['h'], { choice: 'iTerm' });

  test('no permission to automate the terminal: says where to allow it', async () => {
    await expect(mac({ exit: 1, stderr: '29:120: execution error: Not authorized to send Apple events to iTerm. (-1743)\n' })).rejects.toMatchObject({
      code: 'unavailable',
      message: 'iTerm did not open a window (29:120: execution error: Not authorized to send Apple events to iTerm. (-1743)). Allow Flotilla to control iTerm in System Settings → Privacy & Security → Automation.',
    });
  });

  test('any other failure (iTerm not installed)', async () => {
    await expect(mac({ exit: 1, stderr: "execution error: Can't get application \"iTerm\". (-1728)" })).rejects.toMatchObject({
      message: expect.stringMatching(/^iTerm did not open a window \(execution error: .*\)\. Check that iTerm is installed, or choose another terminal in Settings → Terminal\.$/),
    });
    await expect(mac({ exit: 1 })).rejects.toMatchObject({ message: expect.stringContaining('(/usr/bin/osascript exited with 1)') });
  });
});

describe('createSystemTerminal (real processes, the Linux plan)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  // The fake xterm is a #!/bin/sh script found through a POSIX PATH: Linux and macOS only.
  test.skipIf(process.platform === 'win32')('a fake xterm on PATH receives every hostile argument intact', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-term-'));
    dirs.push(dir);
    const out = path.join(dir, 'argv');
    const script = (body: string) => `#!/bin/sh\n${body}\n`;
    writeFileSync(path.join(dir, 'xterm'), script(`printf '%s\\0' "$@" > '${out}.tmp' && /bin/mv '${out}.tmp' '${out}'`));
    writeFileSync(path.join(dir, 'ssh'), script('exit 0'));
    chmodSync(path.join(dir, 'xterm'), 0o755);
    chmodSync(path.join(dir, 'ssh'), 0o755);
    await createSystemTerminal({ PATH: dir }, 'linux').run('ssh', HOSTILE);
    const deadline = Date.now() + 5000;
    let argv: string[] | null = null;
    while (!argv && Date.now() < deadline) {
      try {
        argv = readFileSync(out, 'utf8').split('\0').slice(0, -1);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    expect(argv).toEqual(['-e', path.join(dir, 'ssh'), ...HOSTILE]);
  });
});
