import { FlotillaError } from '../../contract/errors';
import { formatDuration, parseDuration, requireDuration } from './duration';

describe('durations', () => {
  test.each([
    ['4h', 4 * 3_600_000],
    ['90m', 90 * 60_000],
    ['2d', 2 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['2h30m', 150 * 60_000],
    [' 8H ', 8 * 3_600_000],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', '4', 'h', '0h', '4 h', '-1h', '1.5h', '4w', 'forever'])('%j is not a duration', (text) => expect(parseDuration(text)).toBeNull());

  test('requireDuration says what is accepted', () => {
    const error = (() => {
      try {
        requireDuration('4 hours', 'TTL');
      } catch (e) {
        return e as FlotillaError;
      }
    })();
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error!.message).toBe("TTL '4 hours' is not a duration; write a number and a unit (m, h or d), like 90m, 4h, 2d or 1d12h.");
  });

  test('a zero duration is too short, not "not a duration"', () => {
    expect(() => requireDuration('0m', 'TTL')).toThrow("TTL must be at least 1 minute, not '0m'.");
    expect(() => requireDuration('0h0m', 'TTL')).toThrow(/at least 1 minute/);
  });

  test('formats', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h30m');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(0)).toBe('0m');
  });
});
