/**
 * A real, private D-Bus session bus for tests, and a stand-in StatusNotifierWatcher on it
 * (status-notifier-watcher.py, python3-gi). Nothing here touches the developer's own session bus.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A session bus with no service files (nothing is activated on demand) that lets anyone own any name. */
export const BARE_BUS = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`;

export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

const WATCHER_SCRIPT = path.join(import.meta.dirname, 'status-notifier-watcher.py');

/** A python3 that can import GLib's introspection bindings (python3-gi), or null. The system one first: pyenv's lack them. */
export function pythonWithGi(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import gi; gi.require_version("Gio", "2.0"); from gi.repository import Gio'], { stdio: 'ignore', timeout: 10_000 });
      return python;
    } catch {
      // next
    }
  }
  return null;
}

/** Why the session-bus tests cannot run here, or null when they can. */
export function sessionBusSkipReason(): string | null {
  if (process.platform !== 'linux') return `D-Bus session tests need Linux (this is ${process.platform})`;
  if (!onPath('dbus-daemon')) return 'dbus-daemon is not installed (apt install dbus)';
  if (pythonWithGi() === null) return 'no python3 with GLib bindings for the stand-in tray watcher (apt install python3-gi)';
  return null;
}

export interface SessionBus {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  /** Starts the stand-in org.kde.StatusNotifierWatcher; resolves once it owns the name. */
  startWatcher(hostRegistered: 'true' | 'false' | 'hang'): Promise<{ stop(): void }>;
  stop(): Promise<void>;
}

function firstLineOf(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n');
      if (line.length > 1) {
        clearTimeout(timer);
        resolve(line[0]!.trim());
      }
    });
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`${what} exited (${code}) before it was ready: ${err}`))));
  });
}

/** Starts a private session bus (dbus-daemon --nofork, stopped by stop()). */
export async function startSessionBus(): Promise<SessionBus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-bus-'));
  await writeFile(path.join(dir, 'bus.conf'), BARE_BUS);
  const daemon = spawn('dbus-daemon', [`--config-file=${path.join(dir, 'bus.conf')}`, '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const children: ChildProcess[] = [daemon];
  const address = await firstLineOf(daemon, 'dbus-daemon', 10_000);
  const python = pythonWithGi();
  return {
    address,
    async startWatcher(hostRegistered) {
      if (python === null) throw new Error('no python3 with python3-gi');
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DBUS_SESSION_BUS_ADDRESS: address };
      const watcher = spawn(python, [WATCHER_SCRIPT, hostRegistered], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(watcher);
      const line = await firstLineOf(watcher, 'the stand-in StatusNotifierWatcher', 10_000);
      if (line !== 'ready') throw new Error(`the stand-in StatusNotifierWatcher said ${line}`);
      return { stop: () => void watcher.kill('SIGKILL') };
    },
    async stop() {
      for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
