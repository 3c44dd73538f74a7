import { describe, expect, test } from 'vitest';
import { formatProgress } from './format';

const MiB = 1 << 20;

describe('formatProgress (the agent\'s spool progress line)', () => {
  test('gives the phase, percent, bytes, rate and ETA', () => {
    expect(formatProgress({ phase: 'uploading', bytes: 256 * MiB, totalBytes: 1024 * MiB, rateBytesPerSec: 64 * MiB, etaSeconds: 11.5 })).toMatch(
      /^uploading 25%: 256(\.0)? MiB of 1(\.0)? GiB at 64(\.0)? MiB\/s, ETA 12 s$/,
    );
  });

  test('says S3 is joining the parts once every byte is sent, with no rate or ETA', () => {
    expect(formatProgress({ phase: 'finishing', bytes: 1024 * MiB, totalBytes: 1024 * MiB, rateBytesPerSec: 0, etaSeconds: null })).toMatch(
      /^finishing: 1(\.0)? GiB sent, S3 is joining the parts$/,
    );
  });
});
