import { mkdir, readdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { extractTar } from './safe-extract';
import { describeOnTmpfs, withTmpfs } from '../../../test/support/tmpfs';
import { chunked, tarBytes } from './revisions.test-helpers';

const MiB = 1 << 20;

/** 13 MiB that deflate shrinks about 30 times: below node-tar's own cap of 1000 times. */
function compressible(): Buffer {
  const data = Buffer.alloc(13 * MiB);
  for (let i = 0; i < data.length; i += 64) data[i] = (Math.imul(i, 2654435761) >>> 24) & 0xff;
  return data;
}

// The budget counts the bytes that reach node-tar, and checks free space once per MiB of them. But
// node-tar inflates gzip (and zstd) by itself when the data it gets starts with their magic: a key
// ending in .tar whose object is gzipped, or a .tgz gzipped twice, is inflated after the meter, so
// 1 MiB counted can be up to 1 GiB written (node-tar stops at a ratio of 1000). Here 13 MiB land on
// a 16 MiB tmpfs with a 4 MiB reserve, from less than 1 MiB counted. Linux, as root (mount).
describeOnTmpfs('compressed data where a tar is expected', () => {
  const small = withTmpfs({ size: '16m', mustMount: false });

  const limits = { maxRevisionBytes: 64 * MiB, maxRevisionFiles: 100, minFreeBytes: 4 * MiB };

  test.for([
    ['a .tar key holding gzip', false],
    ['a .tgz key gzipped twice', true],
  ] as const)('keeps the reserve and refuses it (%s)', async ([what, twice], context) => {
    small.skipIfUnmounted(context);
    const gz = gzipSync(tarBytes([{ path: 'big.bin', body: compressible() }]));
    expect(gz.length).toBeLessThan(MiB);
    const object = twice ? gzipSync(gz) : gz;
    const source = twice ? pipeline(chunked(object), createGunzip(), () => undefined) : chunked(object);
    const dest = join(small.path, `rev-${what.length}`);
    await mkdir(dest);
    let lowest = Infinity;
    const timer = setInterval(() => void statfs(small.path).then((s) => (lowest = Math.min(lowest, s.bavail * s.bsize))), 5);
    let error: unknown = null;
    await extractTar(source, dest, 'site.1', { limits }).catch((e: unknown) => (error = e));
    clearInterval(timer);
    const left = await readdir(dest);
    await rm(dest, { recursive: true, force: true });
    expect(error).not.toBeNull();
    expect(String(error)).not.toMatch(/ENOSPC|is full|Check the network/);
    expect(String(error)).toMatch(/compressed/);
    expect(left).toEqual([]);
    expect(lowest).toBeGreaterThan(4 * MiB);
  });
});
