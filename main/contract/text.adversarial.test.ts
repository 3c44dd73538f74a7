import { hasControlCharacter, replaceControlCharacters } from './text';

/**
 * Names, paths, command arguments and messages that come from outside (S3 keys, EC2 tags, settings
 * files) are shown in terminals and in the app. C1 controls (U+0080 to U+009F: U+009B is a CSI that
 * 8-bit terminals act on) and the bidirectional overrides and isolates ("Trojan Source",
 * CVE-2021-42574: text that displays in another order than it is stored) are refused or escaped
 * like the C0 controls.
 */
describe('control characters beyond C0', () => {
  test('C1 controls count', () => {
    for (let code = 0x80; code <= 0x9f; code++) expect(hasControlCharacter(`a${String.fromCharCode(code)}b`), code.toString(16)).toBe(true);
    expect(hasControlCharacter('site.2026112203723Ab.tar.gz\x9b31m')).toBe(true);
  });
  test('bidirectional overrides, embeddings, isolates and marks count', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(hasControlCharacter(`evil${c}gz.sh`), c.codePointAt(0)!.toString(16)).toBe(true);
    }
    expect(replaceControlCharacters('a\u202eb', (c) => `\\u${c.codePointAt(0)!.toString(16)}`)).toBe('a\\u202eb');
  });
  test('ordinary text outside ASCII does not', () => {
    expect(hasControlCharacter('café, naïve, Ünïcödé, 東京, עברית, العربية, 😀')).toBe(false);
    expect(hasControlCharacter('\u00a0\u00ff')).toBe(false);
  });
});
