import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBytes, parseByteSize, RevisionBudget } from './limits';

const MiB = 1 << 20;

describe('RevisionBudget', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'budget-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('counts the bytes actually unpacked, whatever the headers declared', async () => {
    const budget = new RevisionBudget({ maxRevisionBytes: MiB, maxRevisionFiles: 10, minFreeBytes: 0 }, dir);
    expect(budget.entry('small', 10)).toBeNull();
    // Headers and padding are allowed for; 4 MiB of stream for 10 declared bytes is not.
    expect(await budget.bytes(2 * MiB, true)).toBeNull();
    expect((await budget.bytes(2 * MiB, true))?.reason).toMatch(/4 MiB of it had been unpacked, more than the limit of 1 MiB .*FTL_MAX_REVISION_BYTES/);
  });

  it('refuses what would eat into the free-space reserve', async () => {
    const budget = new RevisionBudget({ maxRevisionBytes: Number.MAX_SAFE_INTEGER, maxRevisionFiles: 10, minFreeBytes: Number.MAX_SAFE_INTEGER / 2 }, dir);
    expect((await budget.space(0))?.reason).toMatch(/free on the filesystem holding .*FTL_MIN_FREE_BYTES/);
  });

  it('parses and shows sizes', () => {
    expect(parseByteSize('2G')).toBe(2 * 1024 * MiB);
    expect(parseByteSize('2g')).toBe(2 * 1024 * MiB);
    expect(parseByteSize('10KiB')).toBe(10240);
    expect(parseByteSize('1.5G')).toBeNull();
    expect(parseByteSize('')).toBeNull();
    expect(formatBytes(2 * 1024 * MiB)).toBe('2 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12)).toBe('12 bytes');
  });
});
