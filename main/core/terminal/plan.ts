/**
 * How to open a terminal running `command args...` on each OS: which program to start, with which
 * arguments (always an array, never a shell line of our own). Pure: PATH lookups come in as `which`.
 */
import { FlotillaError } from '../../contract/errors';
import { CUSTOM_TERMINAL, terminalLaunchersFor } from '../../contract/terminals';
import { appleScriptString, posixCommandLine, powershellEncodedCommand, refuseForWindowsCommandLine, wtEscape } from './quote';

/** Finds a program: a name on PATH, or a path checked to exist; null when there is none. */
export type Which = (program: string) => Promise<string | null>;

/** The program to start, and its arguments; `terminal` names it in messages. */
export interface TerminalLaunch {
  terminal: string;
  command: string;
  args: string[];
  /**
   * Wait for it to exit and report a failure (osascript: it only asks the app for a window, so it
   * ends at once, and its exit code says whether that worked, e.g. no permission to automate).
   */
  runToEnd?: boolean;
}

export interface PlanInput {
  /** The program to run in the terminal, already resolved to a path. */
  command: string;
  args: readonly string[];
  /** Settings → Terminal: a known terminal's id, `custom`, or null for the usual one. */
  choice: string | null;
  /** With choice `custom`: the program, already checked (absolute, an existing executable file: custom-program.ts). */
  custom?: string | null;
  which: Which;
  /**
   * Follows links (Debian's x-terminal-emulator → /etc/alternatives → the real terminal) so that
   * x-terminal-emulator gets the arguments its real terminal needs; without it, `-e`.
   */
  realpath?: (file: string) => Promise<string>;
}

/**
 * Choice `custom`: the program confirmed in the desktop app, started directly with the command as
 * separate arguments, in the style its name calls for (kitty, wezterm, ...; else `-e`).
 */
export function customLaunch({ command, args, custom }: PlanInput): TerminalLaunch {
  if (!custom) {
    throw new FlotillaError(
      'invalid-input',
      'Settings → Terminal is custom, but no program was chosen: choose one with Settings → Terminal → Choose program… in the desktop app, or pick a terminal from the list.',
      { setting: 'terminal' },
    );
  }
  const base = custom.split(/[\\/]/).pop() ?? custom;
  const name = base.toLowerCase().replace(/\.(exe|com)$/, '');
  const windows = /^[A-Za-z]:[\\/]/.test(custom);
  if (windows) refuseForWindowsCommandLine(command, args);
  if (!ARGV_TERMINALS.has(name)) requirePlainWords(base, [command, ...args], windows);
  return { terminal: base, command: custom, args: styleOf(name)([command, ...args]) };
}

/**
 * Terminals known to pass each argument after their option (LINUX_STYLES, or `-e` as xterm does)
 * to the program as it is: xterm(1), konsole, alacritty(1), urxvt(1), st(1). Any other may join
 * the words and split the line again (older lxterminal did, then g_shell_parse_argv), so it gets
 * plain words only.
 */
const ARGV_DASH_E = ['konsole', 'xterm', 'uxterm', 'alacritty', 'urxvt', 'rxvt', 'st'];

/** Words that read back the same however a terminal joins and re-splits them (no space, quote, backslash, `$`, ...). */
function requirePlainWords(terminal: string, words: readonly string[], windows: boolean): void {
  const plain = windows ? /^[A-Za-z0-9_@+=:,.\\/-]+$/ : /^[A-Za-z0-9_@%+=:,./-]+$/;
  const bad = words.find((w) => !plain.test(w));
  if (bad === undefined) return;
  throw new FlotillaError(
    'invalid-input',
    `Refusing to start ${terminal.slice(0, 80)}: Flotilla does not know how it passes arguments on, and ${JSON.stringify(bad).slice(0, 80)} is not a plain word (letters, digits and _@%+=:,./- only). Choose one of the terminals in Settings → Terminal, or move the SSH key to a path without spaces or special characters.`,
    { setting: 'terminal' },
  );
}

/** The known terminals of this OS, for messages. */
function knownList(platform: NodeJS.Platform): string {
  return terminalLaunchersFor(platform).map((l) => l.id).join(', ');
}

const blank = (value: string | null | undefined): value is null | undefined | '' => value === null || value === undefined || value.trim() === '';

// ---- macOS ------------------------------------------------------------------------------------

/**
 * Terminal.app (or iTerm) through osascript. The command line is POSIX-quoted word by word (the
 * terminal's shell reads it), then escaped as an AppleScript string (osascript reads that).
 */
export async function macLaunch({ command, args, choice, which }: PlanInput): Promise<TerminalLaunch> {
  const app = blank(choice) ? 'Terminal' : macApp(choice.trim());
  const line = appleScriptString(posixCommandLine(command, args));
  const osascript = (await which('osascript')) ?? '/usr/bin/osascript';
  const script =
    app === 'iTerm'
      ? ['tell application "iTerm"', 'activate', 'set flotillaWindow to (create window with default profile)', `tell current session of flotillaWindow to write text ${line}`, 'end tell']
      : ['tell application "Terminal"', 'activate', `do script ${line}`, 'end tell'];
  return { terminal: app, command: osascript, args: script.flatMap((statement) => ['-e', statement]), runToEnd: true };
}

function macApp(choice: string): 'Terminal' | 'iTerm' {
  const name = choice.toLowerCase().replace(/\.app$/, '');
  if (name === 'terminal') return 'Terminal';
  if (name === 'iterm' || name === 'iterm2') return 'iTerm';
  throw new FlotillaError(
    'invalid-input',
    `Settings → Terminal is '${choice.slice(0, 80)}', which Flotilla cannot open on macOS: choose Terminal or iTerm (or leave it empty for Terminal), or another program with Settings → Terminal → Choose program… in the desktop app.`,
    { setting: 'terminal' },
  );
}

// ---- Windows ----------------------------------------------------------------------------------

/**
 * Windows Terminal (`wt.exe`) when there is one; else PowerShell kept open after ssh ends (the
 * command passed base64-encoded, so nothing parses it as a command line); else the program itself,
 * started detached so it gets a console window of its own.
 */
export async function windowsLaunch({ command, args, choice, which }: PlanInput): Promise<TerminalLaunch> {
  const wanted = blank(choice) ? null : windowsChoice(choice.trim());
  refuseForWindowsCommandLine(command, args);
  if (wanted === null || wanted === 'wt') {
    const wt = await which('wt.exe');
    if (wt) return { terminal: 'Windows Terminal', command: wt, args: ['new-tab', '--title', 'Flotilla', '--', ...[command, ...args].map(wtEscape)] };
    if (wanted === 'wt') throw notFound('wt.exe (Windows Terminal)', 'install Windows Terminal from the Microsoft Store, or choose powershell');
  }
  if (wanted === null || wanted === 'powershell') {
    const powershell = (await which('powershell.exe')) ?? (await which('pwsh.exe'));
    if (powershell) {
      return { terminal: 'PowerShell', command: powershell, args: ['-NoLogo', '-NoExit', '-EncodedCommand', powershellEncodedCommand(command, args)] };
    }
    if (wanted === 'powershell') throw notFound('powershell.exe', 'choose wt, or leave Settings → Terminal empty');
  }
  return { terminal: 'a console window', command, args: [...args] };
}

function windowsChoice(choice: string): 'wt' | 'powershell' {
  const name = choice.toLowerCase().replace(/\.exe$/, '');
  if (name === 'wt' || name === 'windows terminal') return 'wt';
  if (name === 'powershell' || name === 'pwsh') return 'powershell';
  throw new FlotillaError(
    'invalid-input',
    `Settings → Terminal is '${choice.slice(0, 80)}', which Flotilla cannot open on Windows: choose wt or powershell (or leave it empty), or another program with Settings → Terminal → Choose program… in the desktop app.`,
    { setting: 'terminal' },
  );
}

// ---- Linux and other Unix ---------------------------------------------------------------------

/** Tried in this order when Settings → Terminal is empty. */
export const LINUX_TERMINALS = ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm'] as const;

/** How each known terminal takes a program and its arguments (as separate arguments, no shell). */
const LINUX_STYLES: Record<string, (argv: string[]) => string[]> = {
  'gnome-terminal': (argv) => ['--', ...argv],
  ptyxis: (argv) => ['--', ...argv],
  'xfce4-terminal': (argv) => ['-x', ...argv],
  'mate-terminal': (argv) => ['-x', ...argv],
  // -u (--no-dbus): with a Terminator already running, the new one would hand -x to it over D-Bus
  // joined with spaces, and it would run that as `$SHELL -c line` (terminatorlib/optionparse.py,
  // parse_options; terminatorlib/terminal.py, spawn_child): a `;` in an argument would run code.
  terminator: (argv) => ['-u', '-x', ...argv],
  kitty: (argv) => argv,
  foot: (argv) => argv,
  wezterm: (argv) => ['start', '--', ...argv],
};
/** konsole, xterm, x-terminal-emulator (Debian policy), urxvt, st, alacritty, and any terminal not listed above. */
const DASH_E = (argv: string[]): string[] => ['-e', ...argv];
/** The terminals whose way with arguments Flotilla knows (see ARGV_DASH_E). */
const ARGV_TERMINALS = new Set([...Object.keys(LINUX_STYLES), ...ARGV_DASH_E]);

export async function linuxLaunch({ command, args, choice, which, realpath }: PlanInput): Promise<TerminalLaunch> {
  const argv = [command, ...args];
  if (!blank(choice)) {
    const wanted = choice;
    // Only a terminal Flotilla knows: anything else (sh, python3, /bin/sh, ...) would be a program
    // started with the SSH command as its arguments (issue 11 item 3).
    if (!terminalLaunchersFor('linux').some((l) => l.id === wanted)) {
      throw new FlotillaError(
        'invalid-input',
        `Settings → Terminal is '${wanted.slice(0, 80)}', which is not a terminal Flotilla knows on Linux: pick one of ${knownList('linux')}, leave it empty for the first one found, or choose another program with Settings → Terminal → Choose program… in the desktop app.`,
        { setting: 'terminal' },
      );
    }
    const found = await which(wanted);
    if (!found) {
      throw new FlotillaError(
        'unavailable',
        `The terminal '${wanted}' chosen in Settings → Terminal was not found on PATH: install it, choose another (gnome-terminal, konsole, xterm, ...), or leave the setting empty to use the first one found.`,
        { setting: 'terminal' },
      );
    }
    return { terminal: wanted, command: found, args: (await styleFor(wanted, found, realpath))(argv) };
  }
  for (const name of LINUX_TERMINALS) {
    const found = await which(name);
    if (found) return { terminal: name, command: found, args: (await styleFor(name, found, realpath))(argv) };
  }
  throw new FlotillaError(
    'unavailable',
    `No terminal found: install xterm (or gnome-terminal, konsole) or choose one in Settings → Terminal. Looked on PATH for ${LINUX_TERMINALS.join(', ')}.`,
    { setting: 'terminal' },
  );
}

/** A known terminal's own style; x-terminal-emulator takes the style of the terminal it links to. */
async function styleFor(name: string, found: string, realpath: PlanInput['realpath']): Promise<(argv: string[]) => string[]> {
  if (name !== 'x-terminal-emulator' || !realpath) return styleOf(name);
  const real = await realpath(found).catch(() => found);
  const base = real.split('/').pop() ?? real;
  // Debian's x-terminal-emulator wrappers (gnome-terminal.wrapper, ...) take -e as Debian policy
  // 11.8.3 says, like xterm; any other unknown terminal gets plain words only.
  if (!ARGV_TERMINALS.has(base) && !base.endsWith('.wrapper') && base !== 'x-terminal-emulator') {
    const style = styleOf(real);
    return (argv) => {
      requirePlainWords(`x-terminal-emulator (${base})`, argv, false);
      return style(argv);
    };
  }
  return styleOf(real);
}

function styleOf(program: string): (argv: string[]) => string[] {
  const base = program.split('/').pop() ?? program;
  return LINUX_STYLES[base] ?? DASH_E;
}

function notFound(what: string, fix: string): FlotillaError {
  return new FlotillaError('unavailable', `${what} was not found: ${fix}.`, { setting: 'terminal' });
}
