/**
 * Runs a command (typically one vitest file) against a real, throwaway OS keychain: a private
 * D-Bus session with gnome-keyring's Secret Service, unlocked with a fixed password, under a
 * temporary HOME and XDG folders, so a developer's own keyring is never touched.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BARE_BUS, onPath } from './session-bus';

/** The environment variable a test file reads to know which keychain situation it runs in. */
export const KEYRING_MODE_ENV = 'FLOTILLA_KEYRING_MODE';

/**
 * `keyring`: a D-Bus session with an unlocked gnome-keyring; `no-bus`: no D-Bus session at all
 * (a server or container); `no-service`: a D-Bus session where nothing provides Secret Service.
 */
export type KeyringMode = 'keyring' | 'no-bus' | 'no-service';

export function keyringMode(): KeyringMode | null {
  const mode = process.env[KEYRING_MODE_ENV];
  return mode === 'keyring' || mode === 'no-bus' || mode === 'no-service' ? mode : null;
}

/**
 * Why the keyring tests for `mode` cannot run here, or null when they can: they need Linux and
 * dbus-run-session, and the `keyring` situation gnome-keyring-daemon too. Nothing else skips them.
 * (macOS and Windows always have their own keychain; those are not tested against a real one.)
 */
export function keyringSkipReason(mode: KeyringMode = 'no-bus'): string | null {
  if (process.platform !== 'linux') return `keyring tests need Linux (this is ${process.platform})`;
  if (!onPath('dbus-run-session')) return 'dbus-run-session is not installed (apt install dbus-x11 gnome-keyring libsecret-1-0)';
  if (mode === 'keyring' && !onPath('gnome-keyring-daemon')) return 'gnome-keyring-daemon is not installed (apt install gnome-keyring)';
  return null;
}

/**
 * `env` without a way to the desktop session's keychain, for a process that must behave as on a
 * machine without one and never write into the developer's own: no D-Bus session address, an
 * empty XDG_RUNTIME_DIR (GDBus, which libsecret uses, falls back to $XDG_RUNTIME_DIR/bus, the
 * systemd user bus) and no DISPLAY or WAYLAND_DISPLAY (D-Bus would autolaunch through X11).
 * `runtimeDir` must be an empty folder of the caller's (created here, mode 700).
 */
export function withoutSessionKeychain(env: NodeJS.ProcessEnv, runtimeDir: string): NodeJS.ProcessEnv {
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const { DBUS_SESSION_BUS_ADDRESS: _bus, DISPLAY: _display, WAYLAND_DISPLAY: _wayland, ...rest } = env;
  return { ...rest, XDG_RUNTIME_DIR: runtimeDir };
}

export interface KeyringRun {
  code: number | null;
  output: string;
}

/** Runs `command args` in the given keychain situation with a throwaway HOME; resolves with its exit code and output. */
export async function runInKeyring(mode: KeyringMode, command: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<KeyringRun> {
  const home = await mkdtemp(path.join(tmpdir(), 'flotilla-keyring-'));
  try {
    const xdg = { XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' };
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1', [KEYRING_MODE_ENV]: mode };
    for (const [key, dir] of Object.entries(xdg)) {
      env[key] = path.join(home, dir);
      await mkdir(env[key]!, { recursive: true, mode: 0o700 });
    }
    let argv: string[];
    if (mode === 'keyring') {
      const unlock = 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
      argv = ['dbus-run-session', '--', 'sh', '-c', unlock, 'sh', command, ...args];
    } else if (mode === 'no-service') {
      await writeFile(path.join(home, 'bus.conf'), BARE_BUS);
      argv = ['dbus-run-session', `--config-file=${path.join(home, 'bus.conf')}`, '--', command, ...args];
    } else {
      argv = [command, ...args]; // no DBUS_SESSION_BUS_ADDRESS and no DISPLAY: libsecret cannot reach a bus
    }
    return await new Promise<KeyringRun>((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        output += `\n[keyring] stopped after ${options.timeoutMs ?? 60_000} ms\n`;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 60_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Runs one test file with vitest (project main) in the given keychain situation. */
export function runTestFileInKeyring(file: string, mode: KeyringMode, timeoutMs = 60_000): Promise<KeyringRun> {
  const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const relative = path.relative(repoRoot, file);
  return runInKeyring(mode, process.execPath, [vitest, 'run', '--project', 'main', '--reporter', 'verbose', '--typecheck=false', relative], {
    cwd: repoRoot,
    timeoutMs,
  });
}
