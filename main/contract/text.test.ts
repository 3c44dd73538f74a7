import { hasControlCharacter, isControlCharacter, replaceControlCharacters } from './text';

describe('control characters (one definition for contract, core and shell)', () => {
  test('in the first 256 code points: U+0000 to U+001F, DEL and the C1 controls, nothing else', () => {
    const all = Array.from({ length: 0x100 }, (_, code) => String.fromCharCode(code));
    expect(all.filter(isControlCharacter).map((c) => c.charCodeAt(0))).toEqual([
      ...Array.from({ length: 0x20 }, (_, i) => i),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    ]);
    expect(isControlCharacter('😀')).toBe(false);
    expect(isControlCharacter('')).toBe(false);
  });

  test('are found anywhere in a value, the same on every call', () => {
    for (let i = 0; i < 3; i++) {
      expect(hasControlCharacter('a\nb')).toBe(true);
      expect(hasControlCharacter('a\x7f')).toBe(true);
      expect(hasControlCharacter('plain text, é and ü')).toBe(false);
    }
  });

  test('are replaced one by one', () => {
    expect(replaceControlCharacters('a\tb\x00c', (c) => `<${c.charCodeAt(0)}>`)).toBe('a<9>b<0>c');
    expect(replaceControlCharacters('clean', () => '!')).toBe('clean');
  });
});
