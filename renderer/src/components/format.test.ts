import { formatDuration, groupDigits, plural, timeAgo } from './format';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const before = (ms: number) => new Date(NOW - ms).toISOString();

describe('formatDuration', () => {
  test('gives the two largest units, compact', () => {
    expect([formatDuration(5_000), formatDuration(65_000), formatDuration(150_000), formatDuration(5_400_000), formatDuration(90_061_000)]).toEqual(['5s', '1m 05s', '2m 30s', '1h 30m', '1d 1h']);
  });
  test('floors to the second and never goes below zero', () => {
    expect([formatDuration(999), formatDuration(-5_000)]).toEqual(['0s', '0s']);
  });
});

describe('timeAgo', () => {
  test('gives the largest unit, rounded down', () => {
    expect([timeAgo(before(30 * 60_000 + 59_000), NOW), timeAgo(before(2 * 3_600_000 + 55 * 60_000), NOW), timeAgo(before(71 * 3_600_000), NOW)]).toEqual(['30m ago', '2h ago', '2d ago']);
  });
  test('says "just now" under a minute, and for a time in the future (clocks that disagree)', () => {
    expect([timeAgo(before(0), NOW), timeAgo(before(59_999), NOW), timeAgo(before(-90_000), NOW)]).toEqual(['just now', 'just now', 'just now']);
  });
  test('answers "—" with no time or one it cannot read', () => {
    expect([timeAgo(null, NOW), timeAgo(undefined, NOW), timeAgo('', NOW), timeAgo('not a date', NOW)]).toEqual(['—', '—', '—', '—']);
  });
});

describe('numbers in words', () => {
  test('groups digits with plain spaces and picks the plural', () => {
    expect(groupDigits(1234567)).toBe('1 234 567');
    expect([plural(1, 'error'), plural(2, 'error'), plural(1200, 'match', 'matches')]).toEqual(['1 error', '2 errors', '1 200 matches']);
  });
});
