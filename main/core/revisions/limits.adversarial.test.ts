import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { formatBytes } from '../../contract/format-bytes';
import { parseByteSize, RevisionBudget } from './limits';
import { extractTar } from './safe-extract';
import { tarBytes } from './revisions.test-helpers';

const MiB = 1 << 20;

describe('RevisionBudget', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'budget-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('counts the bytes actually unpacked, whatever the headers declared', async () => {
    const budget = new RevisionBudget({ maxRevisionBytes: MiB, maxRevisionFiles: 10, minFreeBytes: 0 }, dir);
    expect(budget.entry('small', 10)).toBeNull();
    // Headers and padding are allowed for; 4 MiB of stream for 10 declared bytes is not.
    expect(await budget.bytes(2 * MiB, true)).toBeNull();
    expect((await budget.bytes(2 * MiB, true))?.reason).toMatch(/4 MiB of it had been unpacked, more than the limit of 1 MiB .*FTL_MAX_REVISION_BYTES/);
  });

  test('refuses what would eat into the free-space reserve', async () => {
    const budget = new RevisionBudget({ maxRevisionBytes: Number.MAX_SAFE_INTEGER, maxRevisionFiles: 10, minFreeBytes: Number.MAX_SAFE_INTEGER / 2 }, dir);
    expect((await budget.space(0))?.reason).toMatch(/free on the filesystem holding .*FTL_MIN_FREE_BYTES/);
  });

  test('parses and shows sizes', () => {
    expect(parseByteSize('2G')).toBe(2 * 1024 * MiB);
    expect(parseByteSize('2g')).toBe(2 * 1024 * MiB);
    expect(parseByteSize('10KiB')).toBe(10240);
    expect(parseByteSize('1.5G')).toBeNull();
    expect(parseByteSize('')).toBeNull();
    expect(formatBytes(2 * 1024 * MiB)).toBe('2 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12)).toBe('12 B');
  });
});

// "Stop as soon as a limit would be passed": an endless archive must be refused after reading
// little of it (before, a refused archive was still read to its end, which here never comes).
describe('an endless archive', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'endless-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function endless(first: Buffer, then: Buffer) {
    let read = 0;
    let sentFirst = false;
    const stream = new Readable({
      read() {
        const chunk = sentFirst ? then : first;
        sentFirst = true;
        read += chunk.length;
        this.push(chunk);
      },
    });
    return { stream, read: () => read };
  }

  test('stops after the entry past FTL_MAX_REVISION_FILES', async () => {
    const oneFile = (i: number) => tarBytes([{ path: `f${i}`, body: 'x' }]).subarray(0, 1024);
    let i = 0;
    const source = endless(oneFile(i++), Buffer.concat(Array.from({ length: 64 }, () => oneFile(i++))));
    const dest = await mkdtemp(join(dir, 'files-'));
    await expect(extractTar(source.stream, dest, 'endless', { limits: { maxRevisionBytes: MiB, maxRevisionFiles: 10, minFreeBytes: 0 } })).rejects.toThrow(
      /more than 10 files/,
    );
    expect(source.read()).toBeLessThan(MiB);
  }, 10_000);

  test('stops after an entry the guard refuses', async () => {
    const fifo = tarBytes([{ path: 'pipe', type: '6' }]).subarray(0, 512);
    const source = endless(fifo, Buffer.alloc(64 * 1024));
    const dest = await mkdtemp(join(dir, 'guard-'));
    await expect(extractTar(source.stream, dest, 'endless')).rejects.toThrow(/FIFO/);
    expect(source.read()).toBeLessThan(4 * MiB);
  }, 10_000);

  test('stops at a header declaring more than FTL_MAX_REVISION_BYTES, before its body', async () => {
    const header = tarBytes([{ path: 'huge', body: '' }]).subarray(0, 512);
    // Declares 4 GiB (octal 40000000000) and fixes the checksum.
    header.write('40000000000\0', 124, 12, 'utf8');
    header.write('        ', 148, 8, 'utf8');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'utf8');
    const source = endless(header, Buffer.alloc(64 * 1024));
    const dest = await mkdtemp(join(dir, 'bytes-'));
    await expect(extractTar(source.stream, dest, 'endless', { limits: { maxRevisionBytes: MiB, maxRevisionFiles: 10, minFreeBytes: 0 } })).rejects.toThrow(
      /'huge' \(4 GiB\).*FTL_MAX_REVISION_BYTES/,
    );
    expect(source.read()).toBeLessThan(4 * MiB);
    expect(await readdir(dest)).toEqual([]);
  }, 10_000);
});
