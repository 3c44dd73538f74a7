import { mkdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { describeOnTmpfs, withTmpfs } from '../../../test/support/tmpfs';
import { extractTar } from './safe-extract';
import { chunked, tarBytes, type TarEntrySpec } from './revisions.test-helpers';

const MiB = 1 << 20;

// Empty files and folders cost inodes, not bytes: an archive of 50 000 empty files (25 MB of tar,
// about 100 KB gzipped) takes 50 000 inodes and almost no space, and a handful of such revisions
// use up every inode of a small server's root filesystem (524 288 on an 8 GiB ext4): nothing on it
// can create a file any more. A path of many folders costs one inode per folder, from one entry.
// Here: a tmpfs with 3000 inodes, FTL_MIN_FREE_BYTES of 4 MiB. Linux, as root (mount).
describeOnTmpfs('a revision that uses up the inodes, not the space', () => {
  const small = withTmpfs({ size: '16m', inodes: 3000, mustMount: false });

  const limits = { maxRevisionBytes: 64 * MiB, maxRevisionFiles: 50_000, minFreeBytes: 4 * MiB };

  test.for([
    ['2500 empty files', Array.from({ length: 2500 }, (_, i): TarEntrySpec => ({ path: `f${i}`, body: '' }))],
    // ustar paths stop at 100 bytes: 46 folders per entry here, so 60 entries make 2760 folders.
    ['60 entries 46 folders deep', Array.from({ length: 60 }, (_, i): TarEntrySpec => ({ path: `t${i}/` + 'd/'.repeat(45), type: '5' }))],
  ] as const)('stops before the filesystem runs out of inodes (%s)', async ([what, list], context) => {
    small.skipIfUnmounted(context);
    const dest = join(small.path, `rev-${what.length}`);
    await mkdir(dest);
    let error: unknown = null;
    await extractTar(chunked(tarBytes(list)), dest, 'site.1', { limits }).catch((e: unknown) => (error = e));
    const s = await statfs(small.path);
    await rm(dest, { recursive: true, force: true });
    expect(String(error)).not.toMatch(/ENOSPC|is full/);
    expect(String(error)).toMatch(/inodes/);
    expect(String(error)).toContain('FTL_MIN_FREE_BYTES');
    // The reserve (one inode per 4 KiB of FTL_MIN_FREE_BYTES: 1024 here) was kept, but for a chunk.
    expect(s.ffree).toBeGreaterThanOrEqual(1024 - 200);
  });
});
