import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTailDigest, ParallelDigest } from './digest-workers';
import { digestFile, PARALLEL_FROM_BYTES, streamDigest } from './digests';

describe('digests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'digests-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const expected = (data: Buffer) => ({
    md5: createHash('md5').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length,
  });
  const plain = (d: { md5: Buffer; sha256: string; size: number }) => ({ md5: d.md5.toString('hex'), sha256: d.sha256, size: d.size });

  test.each([
    ['a small file, here', 1000],
    ['a big file, on worker threads', PARALLEL_FROM_BYTES + 12345],
  ])('of %s match node:crypto, reporting progress', async (_what, size) => {
    const data = randomBytes(size);
    const file = join(dir, `f${size}`);
    await writeFile(file, data);
    const seen: number[] = [];
    expect(plain(await digestFile(file, { onBytes: (b) => seen.push(b) }))).toEqual(expected(data));
    expect(seen.at(-1)).toBe(size);
  });

  test('of a stream on worker threads match, with back-pressure', async () => {
    const data = randomBytes(40 << 20);
    const digest = new ParallelDigest();
    let waits = 0;
    const step = 777_777; // chunks that straddle the ring's end
    for (let at = 0; at < data.length; at += step) {
      const wait = digest.update(data.subarray(at, at + step));
      if (wait) (waits++, await wait);
    }
    expect(plain(await digest.digest())).toEqual(expected(data));
    expect(waits).toBeGreaterThan(0);
  });

  test('of a file being written out of order, read back as far as it is complete, both hashes from one read', async () => {
    const data = randomBytes(20 << 20); // more than the reader's slots hold: the faster hash waits for the slower
    const file = join(dir, 'tail');
    const handle = await open(file, 'wx');
    const digest = new FileTailDigest(file);
    try {
      // The second half first: nothing of it may be hashed before the first half is there.
      const half = data.length / 2;
      await handle.write(data, half, half, half);
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (let at = 0; at < half; at += 1 << 20) {
        await handle.write(data, at, Math.min(1 << 20, half - at), at);
        digest.written(Math.min(at + (1 << 20), half));
      }
      expect(plain(await digest.digest(data.length))).toEqual(expected(data));
    } finally {
      digest.destroy();
      await handle.close();
    }
  });

  test("of a file shorter than the bytes said written fail with the reader's error, not a wait for the follower", async () => {
    const file = join(dir, 'short');
    await writeFile(file, randomBytes(3 << 20));
    const digest = new FileTailDigest(file);
    await expect(digest.digest(5 << 20)).rejects.toThrow('the file is shorter than the bytes written to it');
  });

  test('of a small stream are computed here', async () => {
    const data = randomBytes(5000);
    const digest = streamDigest(data.length);
    expect(digest.update(data)).toBeUndefined();
    expect(plain(await digest.digest())).toEqual(expected(data));
  });
});
