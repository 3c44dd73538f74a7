import { describe, expect, test } from 'vitest';
import { formatByteCount, formatBytes } from './format-bytes';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;

describe('formatBytes (every size the app, the CLI and the agent show)', () => {
  test('counts bytes below 1 KiB', () => {
    expect([formatBytes(0), formatBytes(1), formatBytes(300), formatBytes(1023)]).toEqual(['0 B', '1 B', '300 B', '1023 B']);
  });

  test('uses binary units: one decimal below 10, whole numbers from 10 on, no ".0"', () => {
    expect([formatBytes(KiB), formatBytes(1536), formatBytes(15 * KiB), formatBytes(5.25 * MiB), formatBytes(412 * MiB), formatBytes(2 * GiB), formatBytes(3 * 1024 * GiB)]).toEqual([
      '1 KiB',
      '1.5 KiB',
      '15 KiB',
      '5.3 MiB',
      '412 MiB',
      '2 GiB',
      '3 TiB',
    ]);
  });

  test('moves to the next unit when rounding reaches 1024 of one', () => {
    expect(formatBytes(MiB - 100)).toBe('1 MiB');
    expect(formatBytes(1024 * 1024 * GiB)).toBe('1024 TiB');
  });

  test('rounds a rate or a fraction of a byte, and reads nonsense as 0 B', () => {
    expect([formatBytes(6.8 * KiB), formatBytes(700.4), formatBytes(-5), formatBytes(Number.NaN)]).toEqual(['6.8 KiB', '700 B', '0 B', '0 B']);
  });
});

describe('formatByteCount (exact counts against a limit)', () => {
  test('groups the digits with spaces', () => {
    expect([formatByteCount(17612), formatByteCount(16384), formatByteCount(999), formatByteCount(1234567), formatByteCount(1)]).toEqual([
      '17 612 bytes',
      '16 384 bytes',
      '999 bytes',
      '1 234 567 bytes',
      '1 byte',
    ]);
  });
});
