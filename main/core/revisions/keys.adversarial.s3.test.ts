import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../ports';
import { revFor, startFixture, type Fixture } from './revisions.test-helpers';

// Issue 11 item 6: an S3 key must never choose where a file is written. The revision folder is
// <dir>/root/<pkg>/.tmp/<rev>-x/<rev>/ while downloading: `x/` plus 6 levels of '..' from the
// file name `<pkg>.x/...` reach <dir>.
describe.skipIf(process.platform === 'win32')('S3 keys that try to choose a path (against s3rver)', () => {
  let fx: Fixture;
  let outside: string;
  beforeAll(async () => {
    fx = await startFixture();
    outside = join(fx.dir, 'outside');
    await mkdir(outside);
    // Real S3 keeps a key such as `a/../b` as it is; s3rver resolves the '..' in the request path
    // (and loses the object). So, on this client only, '..' travels as '@dd@' on the wire and is
    // turned back into '..' in listings: to the code under test the bucket holds the literal key.
    fx.s3.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: string };
        if (typeof input.Key === 'string') input.Key = input.Key.replaceAll('..', '@dd@');
        const result = await next(args);
        const output = result.output as { Contents?: Array<{ Key?: string }> };
        for (const object of output.Contents ?? []) object.Key = object.Key?.replaceAll('@dd@', '..');
        return result;
      },
      { step: 'initialize', name: 'literalDotDotKeys' },
    );
  });
  afterAll(() => fx.close());

  const climb = 'x/' + '../'.repeat(6) + 'outside/';
  const put = async (pkg: string, body: Buffer, rest: string, sha256?: string) => {
    const rev = revFor(body, '2026112200001');
    const key = `${pkg}.${rev}.${rest}`;
    await fx.s3.send(
      new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: body, Metadata: { sha256: sha256 ?? createHash('sha256').update(body).digest('hex') } }),
    );
    // The pointer is written directly: jump --master refuses such a revision (tested below).
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: `${pkg}.current`, Body: `${pkg}.${rev}` }));
    return { key, name: `${pkg}.${rev}` };
  };

  test.each([
    ['correct digests', 'evil1', false],
    ['a wrong SHA-256', 'evil2', true],
  ])('never writes outside FTL_ROOT through a key with / and .. (%s)', async (_what, file, wrongSha) => {
    const pkg = `site${file}`;
    await mkdir(join(fx.root, pkg));
    const { key } = await put(pkg, Buffer.from('* * * * * root touch /tmp/pwned\n'), climb + file, wrongSha ? 'ab'.repeat(32) : undefined);
    const report = (await fx.service().sync()).packages.find((p) => p.package === pkg)!;
    expect(await lstat(join(outside, file)).catch(() => null)).toBeNull();
    expect(report.current).toBeNull();
    expect(report.errors.join('\n')).toContain(`Refused the bucket key '${key.slice(0, key.indexOf('.', pkg.length + 1))}.`);
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
  });

  test.each([
    ['a backslash', 'x\\..\\..\\evil'],
    ['a NUL', 'x\u0000.tgz'],
    ['a line break', 'x\n.tgz'],
    ['..', 'tar..gz'],
  ])('refuses a revision key whose rest holds %s, in sync, jump --master, purge --master and list', async (_what, rest) => {
    const pkg = `odd${Math.random().toString(36).slice(2, 8)}`;
    await mkdir(join(fx.root, pkg));
    let key: string;
    let name: string;
    try {
      ({ key, name } = await put(pkg, Buffer.from('data'), rest));
    } catch (error) {
      // Some S3 servers refuse to store such a key at all; then there is nothing to refuse here.
      console.log(`s3rver would not store a key with ${_what}: ${String(error)}`);
      return;
    }
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
    const service = fx.service({ logger });
    const report = (await service.sync()).packages.find((p) => p.package === pkg)!;
    expect(report.errors.join('\n')).toContain(`Refused the bucket key '${key.slice(0, key.indexOf('.', pkg.length + 1))}.`);
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
    await expect(service.jumpMaster({ revision: name })).rejects.toThrow(/Refused the bucket key/);
    // purge refuses the current revision first: unset the pointer to reach the key check.
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: `${pkg}.current`, Body: '' }));
    await expect(service.purgeMaster({ revision: name })).rejects.toThrow(/Refused the bucket key/);
    expect(await service.listRevisions({ package: pkg })).toEqual([]);
    expect(warnings.join('\n')).toContain('Refused the bucket key');
  });
});
