/**
 * Quoting for the few interpreters a terminal puts between Flotilla and the program it runs.
 * Every function here turns each argument into exactly one literal word, never into code.
 */
import { FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';

/**
 * Single quotes every login shell reads as one literal word: `it's` → `'it'\''s'`, `a\b` →
 * `'a'\\'b'`. Terminal.app and iTerm type the line into the user's shell, which may be fish:
 * there `\'` and `\\` are escapes even inside single quotes (fish-language(1), "Quotes"), so a
 * backslash is never left inside the quotes; outside them `\\` is one backslash in sh, bash,
 * zsh, fish and tcsh alike.
 */
export function posixQuote(arg: string): string {
  return `'${arg.replace(/['\\]/g, (c) => (c === "'" ? `'\\''` : `'\\\\'`))}'`;
}

/** `command args...` as one POSIX shell line, every word single-quoted. */
export function posixCommandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(posixQuote).join(' ');
}

/** The body of an AppleScript string literal ("..."): backslashes and double quotes escaped. */
export function appleScriptString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * PowerShell single quotes. PowerShell also ends a single-quoted string at the typographic
 * quotes ‘ ’ ‚ ‛, so those are doubled too.
 */
export function powershellQuote(arg: string): string {
  return `'${arg.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** `& 'command' 'arg' ...` encoded for `powershell.exe -EncodedCommand` (base64 of UTF-16LE): no command-line parsing at all. */
export function powershellEncodedCommand(command: string, args: readonly string[]): string {
  const script = `& ${[command, ...args].map(powershellQuote).join(' ')}`;
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** Windows Terminal splits its command line at `;` (new tab, new pane); `\;` is a literal one. */
export function wtEscape(arg: string): string {
  return arg.replace(/;/g, '\\;');
}

/** Control characters (newlines, escapes, NUL) have no business in an SSH command; refused everywhere. */
export function refuseControlCharacters(command: string, args: readonly string[]): void {
  for (const value of [command, ...args]) {
    if (hasControlCharacter(value)) {
      throw new FlotillaError('invalid-input', `Refusing to open a terminal: the argument ${JSON.stringify(value).slice(0, 80)} contains a control character.`);
    }
  }
}

/**
 * Windows Terminal and PowerShell before 7.3 (or with $PSNativeCommandArgumentPassing = 'Legacy')
 * rebuild the program's command line by wrapping each argument that has a space in `"..."` and
 * escaping nothing (microsoft/terminal AppCommandlineArgs.cpp, _getNewTerminalArgs;
 * PowerShell/PowerShell#1995); PowerShell also drops empty arguments. The program then splits the
 * line with the C runtime's rules, so a `"` in an argument ends the quoting and the rest becomes
 * new arguments (`-oProxyCommand=...` for ssh), and a space-holding argument ending in `\`
 * swallows the next one. Such arguments are refused. None of them is a Windows path to a key (a
 * file name cannot hold `"`), a user or a host.
 */
export function refuseForWindowsCommandLine(command: string, args: readonly string[]): void {
  for (const value of [command, ...args]) {
    const problem = value === '' ? 'is empty' : value.includes('"') ? 'contains a double quote (")' : /\s/.test(value) && value.endsWith('\\') ? 'has a space and ends with a backslash' : null;
    if (problem) {
      throw new FlotillaError('invalid-input', `Refusing to open a terminal: the argument ${JSON.stringify(value).slice(0, 80)} ${problem}, which Windows Terminal and PowerShell would pass on as different arguments.`);
    }
  }
}
