import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { describeOnTmpfs, withTmpfs } from '../../../test/support/tmpfs';
import type { Logger } from '../ports';
import { revFor, startFixture, tarBytes, tgzBytes, type Fixture, type TarEntrySpec } from './revisions.test-helpers';

// Issue 11 items 7 and 8: extraction has limits (bytes, files, a free-space reserve), stops as
// soon as one would be passed, keeps nothing of a refused revision and leaves `current` alone;
// a full disk, corrupt gzip and a revision without SHA-256 metadata are reported as what they are.
// FTL_ROOT is a 32 MiB tmpfs, so a disk can really fill up; mounting needs root on Linux.
const MiB = 1 << 20;

describeOnTmpfs('extraction limits on a 32 MiB filesystem (against s3rver)', () => {
  let fx: Fixture;
  let stamp = 10;
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info: (m) => void warnings.push(m), warn: (m) => void warnings.push(m), error() {} };
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  // After the fixture's hooks: mounted once fx.root exists, unmounted before fx.close removes it.
  withTmpfs({ size: '32m', at: () => fx.root, mustMount: true });

  const freeBytes = async () => {
    const s = await statfs(fx.root);
    return s.bavail * s.bsize;
  };

  /** A package on a good first revision, then `body` made current in the bucket; answers its sync report. */
  async function attempt(pkg: string, body: Buffer, rest: string, limits: Record<string, number>, sha256?: string | null) {
    execFileSync('mkdir', ['-p', join(fx.root, pkg)]);
    const service = fx.service({ logger, limits } as never);
    const good = await fx.putRevision(pkg, tgzBytes([{ path: 'ok.txt', body: 'fine' }]), 'tgz', `20261122000${stamp++}`);
    await service.jumpMaster({ revision: good });
    expect((await service.sync()).packages.find((p) => p.package === pkg)!.errors).toEqual([]);
    const rev = revFor(body, `20261122000${stamp++}`);
    const metadata = sha256 === null ? undefined : { sha256: sha256 ?? createHash('sha256').update(body).digest('hex') };
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: `${pkg}.${rev}.${rest}`, Body: body, Metadata: metadata }));
    await service.jumpMaster({ revision: `${pkg}.${rev}` });
    warnings.length = 0;
    const started = Date.now();
    const report = (await service.sync()).packages.find((p) => p.package === pkg)!;
    if (process.env.SHOW_MESSAGES) console.log(report.errors.join('\n'), warnings.join('\n'));
    return { report, good, bad: `${pkg}.${rev}`, rev, ms: Date.now() - started };
  }

  async function nothingKept(pkg: string, report: { current: string | null }, good: string) {
    expect(report.current).toBe(good);
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([good.split('.')[1]]);
    expect(await readdir(join(fx.root, pkg, '.tmp')).catch(() => [])).toEqual([]);
    // Every sync syncs every package: this one is done, so later tests (other limits) leave it alone.
    await rm(join(fx.root, pkg), { recursive: true });
    expect(await freeBytes()).toBeGreaterThan(30 * MiB);
  }

  test('refuses a small tar.gz that expands past FTL_MAX_REVISION_BYTES, and stops there', async () => {
    // 24 KiB compressed, 64 MiB expanded (the 3 GiB bomb, scaled down).
    const bomb = tgzBytes([{ path: 'a.bin', body: Buffer.alloc(8 * MiB) }, { path: 'zeros.bin', body: Buffer.alloc(56 * MiB) }]);
    expect(bomb.length).toBeLessThan(MiB);
    const { report, good } = await attempt('bomb', bomb, 'tar.gz', { maxRevisionBytes: 4 * MiB, maxRevisionFiles: 100, minFreeBytes: 0 });
    expect(report.errors.join('\n')).toMatch(/more than the limit of 4 MiB .*FTL_MAX_REVISION_BYTES/);
    await nothingKept('bomb', report, good);
  });

  test('counts bytes from the headers before writing: one entry declaring more than the limit writes nothing', async () => {
    const { report, good } = await attempt('big', tgzBytes([{ path: 'zeros.bin', body: Buffer.alloc(6 * MiB) }]), 'tgz', {
      maxRevisionBytes: 5 * MiB,
      maxRevisionFiles: 100,
      minFreeBytes: 0,
    });
    expect(report.errors.join('\n')).toMatch(/'zeros\.bin' .*FTL_MAX_REVISION_BYTES/);
    await nothingKept('big', report, good);
  });

  test('refuses an archive with more entries than FTL_MAX_REVISION_FILES', async () => {
    const entries: TarEntrySpec[] = Array.from({ length: 2000 }, (_, i) => ({ path: `f${i}`, body: '' }));
    const { report, good } = await attempt('many', tgzBytes(entries), 'tgz', { maxRevisionBytes: 32 * MiB, maxRevisionFiles: 1000, minFreeBytes: 0 });
    expect(report.errors.join('\n')).toMatch(/more than 1000 files .*FTL_MAX_REVISION_FILES/);
    await nothingKept('many', report, good);
  });

  test('keeps the free-space reserve: an archive that would leave less than FTL_MIN_FREE_BYTES is refused', async () => {
    const big = tgzBytes([{ path: 'zeros.bin', body: Buffer.alloc(40 * MiB) }]);
    const { report, good } = await attempt('reserve', big, 'tgz', { maxRevisionBytes: 1024 * MiB, maxRevisionFiles: 100, minFreeBytes: 8 * MiB });
    expect(report.errors.join('\n')).toMatch(/8 MiB free .*FTL_MIN_FREE_BYTES/);
    await nothingKept('reserve', report, good);
  });

  test('reports a full disk as a full disk', async () => {
    const big = tgzBytes([{ path: 'zeros.bin', body: Buffer.alloc(40 * MiB) }]);
    const { report, good } = await attempt('full', big, 'tgz', { maxRevisionBytes: 1024 * MiB, maxRevisionFiles: 100, minFreeBytes: 0 });
    const text = report.errors.join('\n');
    expect(text).toMatch(/full/i);
    expect(text).not.toMatch(/not a readable tar archive/);
    await nothingKept('full', report, good);
  });

  test('refuses a plain file larger than FTL_MAX_REVISION_BYTES before writing it', async () => {
    const { report, good } = await attempt('plain', Buffer.alloc(2 * MiB, 7), 'bin', { maxRevisionBytes: MiB, maxRevisionFiles: 100, minFreeBytes: 0 });
    expect(report.errors.join('\n')).toMatch(/FTL_MAX_REVISION_BYTES/);
    await nothingKept('plain', report, good);
  });

  test('reports corrupt gzip as corrupt data, not as a network problem', async () => {
    const gz = tgzBytes([{ path: 'a.txt', body: 'x'.repeat(5000) }]);
    const corrupt = Buffer.concat([gz.subarray(0, 10), Buffer.alloc(200, 0xff), gz.subarray(210)]);
    const { report, good } = await attempt('corrupt', corrupt, 'tar.gz', { maxRevisionBytes: 32 * MiB, maxRevisionFiles: 100, minFreeBytes: 0 });
    const text = report.errors.join('\n');
    expect(text).toMatch(/corrupt/);
    expect(text).not.toMatch(/Check the network/);
    await nothingKept('corrupt', report, good);
  });

  test('says exactly which checks a revision without SHA-256 metadata got', async () => {
    const body = tgzBytes([{ path: 'a.txt', body: 'legacy' }]);
    const modern = await attempt('legacy', body, 'tgz', { maxRevisionBytes: 32 * MiB, maxRevisionFiles: 100, minFreeBytes: 0 }, null);
    expect(modern.report.errors).toEqual([]);
    await rm(join(fx.root, 'legacy'), { recursive: true });
    const said = warnings.join('\n');
    expect(said).toContain(`${modern.bad} has no sha256 metadata`);
    expect(said).toMatch(/checked: its size .*its MD5 starts with/);
    expect(said).toMatch(/not checked: SHA-256/);
  });
});
