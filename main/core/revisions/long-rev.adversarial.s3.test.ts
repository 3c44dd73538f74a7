import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { startFixture, tarBytes, type Fixture } from './revisions.test-helpers';

// A rev is made of [0-9A-Za-z_], with no length limit: a key `P.<240 characters>.tar` is a
// revision. Its rev becomes file names (revs/<rev>, .tmp/<rev>.pending, .tmp/<rev>-XXXXXX,
// .tmp/<rev>.removing.<pid>.<ms>), and a file name has at most 255 bytes.
describe.skipIf(process.platform === 'win32')('revision names too long for a file name (against s3rver)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
    // Real S3 takes keys of up to 1024 bytes; s3rver stores each object as a file named by its key,
    // so on this client only a run of x's travels as '@x<count>@' and is turned back in listings.
    const shorten = (v: string) => v.replace(/x{20,}/g, (run) => `@x${run.length}@`);
    const lengthen = (v: string) => v.replace(/@x(\d+)@/g, (_m, n: string) => 'x'.repeat(Number(n)));
    fx.s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as Record<string, unknown>;
        for (const field of ['Key', 'Prefix', 'Marker']) if (typeof input[field] === 'string') input[field] = shorten(input[field] as string);
        const result = await next(args);
        const output = result.output as { Contents?: Array<{ Key?: string }>; NextMarker?: string };
        for (const object of output.Contents ?? []) object.Key = object.Key && lengthen(object.Key);
        if (output.NextMarker) output.NextMarker = lengthen(output.NextMarker);
        return result;
      },
      { step: 'initialize', name: 'longKeys' },
    );
  });
  afterAll(() => fx.close());

  const put = (key: string, body: string | Buffer) => fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: body }));
  const longRev = (n: number) => '2026112200001' + 'x'.repeat(n - 13);

  test('a failing post-spool of a revision with a 240-character rev still keeps it out of revs/ and current', async () => {
    const pkg = 'longspool';
    await mkdir(join(fx.root, pkg));
    const rev = longRev(240);
    await put(`${pkg}.${rev}.tar`, tarBytes([{ path: 'ftl/post-spool', body: '#!/bin/sh\necho refusing this server\nexit 3\n', mode: 0o755 }, { path: 'index.html', body: 'x' }]));
    await put(`${pkg}.current`, `${pkg}.${rev}`);
    const report = (await fx.service().sync()).packages.find((p) => p.package === pkg)!;
    expect(report.current).toBeNull();
    expect(await readlink(join(fx.root, pkg, 'current')).catch(() => null)).toBeNull();
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
    expect(report.errors.join('\n')).not.toMatch(/ENAMETOOLONG/);
  });

  test('a revision with a 240-character rev that left the bucket is removed from the server', async () => {
    const pkg = 'longgone';
    await mkdir(join(fx.root, pkg));
    const rev = longRev(240);
    const key = `${pkg}.${rev}.txt`;
    await put(key, 'data');
    await fx.service().sync();
    await fx.s3.send(new DeleteObjectCommand({ Bucket: fx.server.bucket, Key: key }));
    const report = (await fx.service().sync()).packages.find((p) => p.package === pkg)!;
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
    expect(report.errors.join('\n')).not.toMatch(/ENAMETOOLONG/);
  });

  test('refuses a key whose rev is longer than a file name can be, with a message saying so', async () => {
    const pkg = 'longname';
    await mkdir(join(fx.root, pkg));
    const rev = longRev(250);
    await put(`${pkg}.${rev}.tgz`, 'data');
    const report = (await fx.service().sync()).packages.find((p) => p.package === pkg)!;
    expect(report.errors.join('\n')).not.toMatch(/ENAMETOOLONG/);
    expect(report.errors.join('\n')).toContain('Refused the bucket key');
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
  });

  test('refuses a plain revision whose file name would be longer than a file name can be', async () => {
    const pkg = 'longrest';
    await mkdir(join(fx.root, pkg));
    // The file is stored as <package>.<rest>: 300 characters here.
    await put(`${pkg}.2026112200001.${'x'.repeat(291)}.txt`, 'data');
    const report = (await fx.service().sync()).packages.find((p) => p.package === pkg)!;
    expect(report.errors.join('\n')).not.toMatch(/ENAMETOOLONG|Check the network/);
    expect(report.errors.join('\n')).toContain('Refused the bucket key');
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
  });
});
