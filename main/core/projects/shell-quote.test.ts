import { execFileSync } from 'node:child_process';
import { shq } from './shell-quote';

describe('shq', () => {
  test.each([
    ['main', `'main'`],
    ['', `''`],
    ["it's", `'it'\\''s'`],
    ['$(reboot)', `'$(reboot)'`],
    ["''", `''\\'''\\'''`],
  ])('quotes %j', (value, quoted) => {
    expect(shq(value)).toBe(quoted);
  });

  test('turns null and undefined into an empty word, other values into text', () => {
    expect(shq(undefined)).toBe(`''`);
    expect(shq(null)).toBe(`''`);
    expect(shq(42)).toBe(`'42'`);
  });

  // A real POSIX sh (the user-data runs on Linux instances); Windows has none of its own.
  test.skipIf(process.platform === 'win32')('round-trips hostile values through a real shell', () => {
    for (const value of ["a;reboot", "x$(touch /tmp/pwned)", "it's \"q\" `id` \\ \n end", '', "'"]) {
      const out = execFileSync('sh', ['-c', `printf '%s' ${shq(value)}`], { encoding: 'utf8' });
      expect(out).toBe(value);
    }
  });
});
