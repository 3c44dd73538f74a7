/**
 * Text rules shared by every layer (pure TypeScript, no imports): what a control character is.
 * One definition, so a name, a path, a command argument and a message all refuse or escape the
 * same characters.
 */

/** The C0 control characters (U+0000 to U+001F: NUL, tab, line breaks, escape, ...) and DEL (U+007F). */
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/g;

/** Whether `value` holds a control character anywhere. */
export function hasControlCharacter(value: string): boolean {
  return value.search(CONTROL_CHARACTERS) !== -1; // search ignores the g flag and lastIndex
}

/** Whether one character (one code point) is a control character. */
export function isControlCharacter(char: string): boolean {
  return char.length === 1 && hasControlCharacter(char);
}

/** `value` with each control character replaced by what `replace` answers for it. */
export function replaceControlCharacters(value: string, replace: (char: string) => string): string {
  return value.replace(CONTROL_CHARACTERS, replace);
}
