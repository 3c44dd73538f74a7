import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeOnTmpfs, withTmpfs } from '../../../test/support/tmpfs';
import { startFixture, type Fixture } from './revisions.test-helpers';

const MiB = 1 << 20;

// A plain (not tar) revision is written as it streams in. Its announced length is checked
// against the free-space reserve (FTL_MIN_FREE_BYTES) before a byte is read, but a body longer
// than announced (or of unknown length) must not eat the reserve either. S3 objects cannot grow
// during a GET, so the bucket's answer is faked here: 20 MiB of body for an announced 1 KiB (or
// no length), on a 16 MiB tmpfs with a 4 MiB reserve. Linux, as root (mount).
describeOnTmpfs('a plain revision bigger than announced, on a small disk', () => {
  let fx: Fixture;
  const fakes = new Map<string, number | undefined>();
  let lowestFree = Infinity;
  beforeAll(async () => {
    fx = await startFixture();
    fx.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (context.commandName !== 'GetObjectCommand' || !fakes.has(key)) return next(args);
        const chunk = Buffer.alloc(256 << 10, 'a');
        const body = Readable.from(
          (async function* () {
            for (let sent = 0; sent < 20 * MiB; sent += chunk.length) {
              const s = await statfs(small.path);
              lowestFree = Math.min(lowestFree, s.bavail * s.bsize);
              yield chunk;
            }
          })(),
        );
        return { output: { Body: body, ContentLength: fakes.get(key), Metadata: {}, $metadata: {} }, response: {} } as never;
      },
      { step: 'initialize', name: 'longerThanAnnounced' },
    );
  });
  afterAll(async () => {
    await fx.close();
  });
  // After the fixture's hooks: mounted once fx.dir exists, unmounted before fx.close removes it.
  const small = withTmpfs({ size: '16m', at: () => join(fx.dir, 'small'), mustMount: false });

  test.for([
    ['1 KiB announced', 1024],
    ['no length announced', undefined],
  ] as const)('stops at the reserve, not at a full disk (%s)', async ([, announced], context) => {
    small.skipIfUnmounted(context);
    const pkg = announced ? 'plainlie' : 'plainchunked';
    const root = join(small.path, 'root');
    await mkdir(join(root, pkg), { recursive: true });
    const key = `${pkg}.2026112200001.bin`;
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: 'x' }));
    fakes.set(key, announced);
    lowestFree = Infinity;
    const service = fx.service({ root, limits: { minFreeBytes: 4 * MiB, maxRevisionBytes: 64 * MiB } });
    const report = (await service.sync()).packages.find((p) => p.package === pkg)!;
    const errors = report.errors.join('\n');
    expect(errors).not.toMatch(/ENOSPC|is full/);
    expect(errors).toContain('FTL_MIN_FREE_BYTES');
    // Sampled as the body is read: what was written never went far into the reserve (one chunk).
    expect(lowestFree).toBeGreaterThanOrEqual(4 * MiB - (256 << 10) - MiB);
    expect(await readdir(join(root, pkg, 'revs'))).toEqual([]);
  });
});
