import { realpath } from 'node:fs/promises';
import { FlotillaError } from '../../contract/errors';
import type { Terminal } from '../ports';
import { CUSTOM_TERMINAL } from '../../contract/terminals';
import { requireCustomProgram, type ProgramFs } from './custom-program';
import { customLaunch, linuxLaunch, macLaunch, windowsLaunch, type TerminalLaunch, type Which } from './plan';
import { refuseControlCharacters } from './quote';

/** The part of a ChildProcess this needs. */
export interface SpawnedChild {
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: (code: number | null) => void): unknown;
  readonly stderr?: { on(event: 'data', listener: (chunk: Buffer | string) => void): unknown } | null;
  unref(): void;
}

export interface SpawnOptionsUsed {
  /** A terminal outlives Flotilla; osascript (runToEnd) is waited for. */
  detached: boolean;
  stdio: 'ignore' | ['ignore', 'ignore', 'pipe'];
  env: Record<string, string | undefined>;
  /** A console program on Windows must get a visible window of its own. */
  windowsHide: false;
  /** Never a shell: the arguments go to the program as they are. */
  shell: false;
}

export type SpawnLike = (command: string, args: string[], options: SpawnOptionsUsed) => SpawnedChild;

export interface TerminalDeps {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  which: Which;
  spawn: SpawnLike;
  /** How the custom program is checked before each start (default: the real file system). */
  programFs?: ProgramFs;
  /** Follows links, to learn which terminal x-terminal-emulator is (default: fs.realpath). */
  realpath?: (file: string) => Promise<string>;
}

/** How a terminal would be opened here (exported for tests and diagnostics). */
export function planTerminal(
  deps: Pick<TerminalDeps, 'platform' | 'which' | 'realpath'>,
  command: string,
  args: readonly string[],
  choice: string | null,
  custom: string | null = null,
): Promise<TerminalLaunch> {
  const input = { command, args, choice, custom, which: deps.which, realpath: deps.realpath ?? ((file: string) => realpath(file)) };
  if (choice === CUSTOM_TERMINAL) return Promise.resolve().then(() => customLaunch(input));
  if (deps.platform === 'darwin') return macLaunch(input);
  if (deps.platform === 'win32') return windowsLaunch(input);
  return linuxLaunch(input);
}

/**
 * The Terminal port for this OS: macOS Terminal/iTerm through osascript, Windows Terminal or
 * PowerShell or a console window, on Linux the chosen terminal or the first of
 * x-terminal-emulator, gnome-terminal, konsole, xterm; or the custom program confirmed in the
 * desktop app, checked again here (absolute, an existing executable file) before every start.
 * Nothing else is started: an unknown choice is refused. Started detached, without a shell;
 * resolves once the terminal process has started.
 */
export function createTerminal(deps: TerminalDeps): Terminal {
  return {
    async run(command, args, options = {}) {
      refuseControlCharacters(command, args);
      const choice = options.choice ?? null;
      const custom = choice === CUSTOM_TERMINAL ? await requireCustomProgram(options.custom, deps.platform, deps.programFs) : null;
      const resolved = await deps.which(command);
      if (!resolved) {
        const fix = deps.platform === 'win32' ? 'install the OpenSSH client (Settings → Apps → Optional features → OpenSSH Client)' : `install it (e.g. the openssh-client package)`;
        throw new FlotillaError('unavailable', `${command} was not found on PATH, so there is nothing to run in a terminal: ${fix}.`, { command });
      }
      const launch = await planTerminal(deps, resolved, args, choice, custom);
      if (deps.platform === 'win32' && !/\.(exe|com)$/i.test(resolved)) {
        // A .bat/.cmd is run by cmd.exe (CreateProcess starts batch files through `cmd /c`), which
        // reads & | ^ % in the arguments as code.
        throw new FlotillaError(
          'unavailable',
          `The ${command} found first on PATH is ${resolved}, not a program (.exe): Windows runs a .cmd or .bat through cmd.exe, which would read the arguments as commands. Put the OpenSSH client's folder (C:\\Windows\\System32\\OpenSSH) before it on PATH.`,
          { command },
        );
      }
      await start(deps, launch);
    },
  };
}

/** osascript normally answers within a second; past this (a permission prompt left open) it is left alone. */
const RUN_TO_END_LIMIT_MS = 60_000;

function start(deps: TerminalDeps, launch: TerminalLaunch): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: SpawnedChild;
    const waits = launch.runToEnd === true;
    try {
      child = deps.spawn(launch.command, launch.args, {
        detached: !waits,
        stdio: waits ? ['ignore', 'ignore', 'pipe'] : 'ignore',
        env: deps.env,
        windowsHide: false,
        shell: false,
      });
    } catch (error) {
      reject(couldNotStart(launch, error));
      return;
    }
    child.once('error', (error) => reject(couldNotStart(launch, error)));
    if (!waits) {
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-2000)));
    const limit = setTimeout(resolve, RUN_TO_END_LIMIT_MS);
    limit.unref?.();
    child.once('close', (code) => {
      clearTimeout(limit);
      if (code === 0) resolve();
      else reject(didNotOpen(launch, code, stderr));
    });
  });
}

function didNotOpen(launch: TerminalLaunch, code: number | null, stderr: string): FlotillaError {
  const said = stderr.trim().split('\n').pop() || `${launch.command} exited with ${code}`;
  const fix = /-1743|not authori[sz]ed/i.test(stderr)
    ? `Allow Flotilla to control ${launch.terminal} in System Settings → Privacy & Security → Automation.`
    : `Check that ${launch.terminal} is installed, or choose another terminal in Settings → Terminal.`;
  return new FlotillaError('unavailable', `${launch.terminal} did not open a window (${said}). ${fix}`, { setting: 'terminal' });
}

function couldNotStart(launch: TerminalLaunch, error: unknown): FlotillaError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FlotillaError('unavailable', `Could not start ${launch.terminal} (${launch.command}): ${reason}. Choose another terminal in Settings → Terminal.`, {
    setting: 'terminal',
  });
}
