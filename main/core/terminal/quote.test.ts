import { execFileSync } from 'node:child_process';
import { HOSTILE } from './hostile.test-helpers';
import { appleScriptString, posixCommandLine, posixQuote, powershellEncodedCommand, powershellQuote, refuseControlCharacters, wtEscape } from './quote';


/** Parses an AppleScript string literal the way AppleScript does (\\ and \" escapes). */
function parseAppleScriptString(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  let out = '';
  for (let i = 1; i < literal.length - 1; i++) {
    const c = literal[i]!;
    if (c === '\\') out += literal[++i]!;
    else if (c === '"') throw new Error(`unescaped quote at ${i} in ${literal}`);
    else out += c;
  }
  return out;
}

/** Parses `& 'a' 'b' ...` as PowerShell reads single-quoted strings (a doubled quote is one quote). */
function parsePowershell(script: string): string[] {
  expect(script.startsWith('& ')).toBe(true);
  const words: string[] = [];
  const quotes = /['\u2018\u2019\u201a\u201b]/;
  let i = 2;
  while (i < script.length) {
    if (script[i] === ' ') {
      i++;
      continue;
    }
    expect(quotes.test(script[i]!)).toBe(true);
    let word = '';
    i++;
    for (;;) {
      const c = script[i];
      if (c === undefined) throw new Error('unterminated string');
      if (quotes.test(c)) {
        if (script[i + 1] !== undefined && quotes.test(script[i + 1]!)) {
          word += c;
          i += 2;
          continue;
        }
        i++;
        break;
      }
      word += c;
      i++;
    }
    words.push(word);
  }
  return words;
}

describe('quoting', () => {
  // A real /bin/sh reads the line back: not on Windows, whose terminals get PowerShell quoting (below).
  test.skipIf(process.platform === 'win32')('POSIX: /bin/sh reads each hostile argument back as exactly one word, unexpanded', () => {
    const line = posixCommandLine('printf', ['%s\\0', ...HOSTILE]);
    const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
    expect(posixQuote("it's")).toBe(`'it'\\''s'`);
  });

  test('AppleScript: the string literal holds the POSIX line exactly, with no quote left unescaped', () => {
    for (const arg of HOSTILE) {
      const line = posixCommandLine('/usr/bin/ssh', [arg]);
      expect(parseAppleScriptString(appleScriptString(line))).toBe(line);
    }
    expect(appleScriptString(`a"b\\c`)).toBe(`"a\\"b\\\\c"`);
  });

  test('PowerShell: every argument is one single-quoted literal (typographic quotes doubled too)', () => {
    const encoded = powershellEncodedCommand('C:\\Windows\\System32\\OpenSSH\\ssh.exe', HOSTILE);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const script = Buffer.from(encoded, 'base64').toString('utf16le');
    expect(parsePowershell(script)).toEqual(['C:\\Windows\\System32\\OpenSSH\\ssh.exe', ...HOSTILE]);
    expect(powershellQuote("it's ‘x’")).toBe("'it''s ‘‘x’’'");
  });

  test('Windows Terminal: a semicolon cannot start another command', () => {
    expect(wtEscape('a;b;;c')).toBe('a\\;b\\;\\;c');
  });

  test('control characters are refused', () => {
    expect(() => refuseControlCharacters('ssh', ['host\nrm -rf ~'])).toThrow(/control character/);
    expect(() => refuseControlCharacters('ssh', ['a\u0000'])).toThrow(/control character/);
    expect(() => refuseControlCharacters('ssh', ['-i', '/home/ada/My Keys/k.pem'])).not.toThrow();
  });
});
