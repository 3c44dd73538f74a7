/**
 * The terminals Settings → Terminal may name, per OS. Over the API (settings.update) the setting is
 * one of these ids, or null for the first one found, or `custom`: the program chosen and confirmed
 * in the desktop app (settings.chooseTerminal), kept in `customTerminal`. Nothing else is ever
 * started as a terminal. Pure data, shared by main and the renderer.
 */

export interface TerminalLauncher {
  /** What Settings → Terminal stores. */
  id: string;
  /** What the settings page shows. */
  label: string;
}

/** Linux and other Unix: each is looked up on PATH; Flotilla knows how each takes a command (main/core/terminal/plan.ts). */
const LINUX: readonly TerminalLauncher[] = [
  { id: 'x-terminal-emulator', label: 'System default (x-terminal-emulator)' },
  { id: 'gnome-terminal', label: 'GNOME Terminal' },
  { id: 'ptyxis', label: 'Ptyxis' },
  { id: 'konsole', label: 'Konsole' },
  { id: 'xfce4-terminal', label: 'Xfce Terminal' },
  { id: 'mate-terminal', label: 'MATE Terminal' },
  { id: 'terminator', label: 'Terminator' },
  { id: 'kitty', label: 'kitty' },
  { id: 'alacritty', label: 'Alacritty' },
  { id: 'wezterm', label: 'WezTerm' },
  { id: 'foot', label: 'foot' },
  { id: 'xterm', label: 'xterm' },
];

/** macOS: driven through osascript. */
const MACOS: readonly TerminalLauncher[] = [
  { id: 'Terminal', label: 'Terminal' },
  { id: 'iTerm', label: 'iTerm2' },
];

/** Windows. */
const WINDOWS: readonly TerminalLauncher[] = [
  { id: 'wt', label: 'Windows Terminal' },
  { id: 'powershell', label: 'PowerShell' },
];

/** The value of Settings → Terminal that means "the program in customTerminal". */
export const CUSTOM_TERMINAL = 'custom';

export type TerminalOs = 'linux' | 'darwin' | 'win32';

/** Node's process.platform (or AppInfo.platform) to the table it uses: anything not macOS or Windows is Unix. */
export function terminalOs(platform: string): TerminalOs {
  return platform === 'darwin' ? 'darwin' : platform === 'win32' ? 'win32' : 'linux';
}

export const TERMINAL_LAUNCHERS: Readonly<Record<TerminalOs, readonly TerminalLauncher[]>> = { linux: LINUX, darwin: MACOS, win32: WINDOWS };

/** The known terminals on this platform. */
export function terminalLaunchersFor(platform: string): readonly TerminalLauncher[] {
  return TERMINAL_LAUNCHERS[terminalOs(platform)];
}

/** True for an id of a known terminal on this platform (exact, case-sensitive). */
export function isKnownTerminal(platform: string, id: string): boolean {
  return terminalLaunchersFor(platform).some((l) => l.id === id);
}

/** True for an id known on any platform (a settings file may travel between machines). */
export function isKnownTerminalAnywhere(id: string): boolean {
  return Object.values(TERMINAL_LAUNCHERS).some((list) => list.some((l) => l.id === id));
}
