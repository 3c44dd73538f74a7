/**
 * Text rules shared by every layer (pure TypeScript, no imports): what a control character is.
 * One definition, so a name, a path, a command argument and a message all refuse or escape the
 * same characters.
 */

/**
 * The C0 control characters (U+0000 to U+001F: NUL, tab, line breaks, escape, ...), DEL (U+007F),
 * the C1 controls (U+0080 to U+009F; 8-bit terminals act on U+009B as CSI), and the bidirectional
 * marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to
 * U+2069), which make text display in another order than it is stored ("Trojan Source").
 */
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

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
