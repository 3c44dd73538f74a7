/**
 * Quoting for the few interpreters a terminal puts between Flotilla and the program it runs.
 * Every function here turns each argument into exactly one literal word, never into code.
 */
import { FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';

/** POSIX shell single quotes: `it's` → `'it'\''s'`. */
export function posixQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
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
