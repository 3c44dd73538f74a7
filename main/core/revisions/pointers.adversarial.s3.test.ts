import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Logger } from '../ports';
import { startFixture, tarBytes, type Fixture } from './revisions.test-helpers';

// Pointer objects (`P.current`, `P.previous`, `P.rev`) are written by whoever can write the bucket:
// their size and their content are hostile.
describe.skipIf(process.platform === 'win32')('hostile pointer objects (against s3rver)', () => {
  let fx: Fixture;
  /** Keys whose GET answers an endless-looking body instead of asking s3rver; bytes pulled from each. */
  const huge = new Map<string, { announce: boolean; pulled: number }>();
  beforeAll(async () => {
    fx = await startFixture();
    fx.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        const fake = context.commandName === 'GetObjectCommand' ? huge.get(key) : undefined;
        if (!fake) return next(args);
        const total = 64 << 20;
        const chunk = Buffer.alloc(64 << 10, ' ');
        const body = Readable.from(
          (function* () {
            for (let sent = 0; sent < total; sent += chunk.length) {
              fake.pulled += chunk.length;
              yield chunk;
            }
          })(),
        );
        // What the SDK's body adds: the whole stream as text.
        Object.assign(body, {
          transformToString: async (encoding = 'utf8') => {
            const parts: Buffer[] = [];
            for await (const part of body) parts.push(part as Buffer);
            return Buffer.concat(parts).toString(encoding as BufferEncoding);
          },
        });
        return { output: { Body: body, ContentLength: fake.announce ? total : undefined, LastModified: new Date(), $metadata: {} }, response: {} } as never;
      },
      { step: 'initialize', name: 'hugePointerBodies' },
    );
  });
  afterAll(() => fx.close());

  const put = (key: string, body: string | Buffer) => fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: body }));

  test.each([
    ['with its length announced', true],
    ['with no length (chunked)', false],
  ])('reads no more than a few KiB of a 64 MiB pointer object (%s), and ignores it', async (_what, announce) => {
    const pkg = announce ? 'bigptr1' : 'bigptr2';
    await mkdir(join(fx.root, pkg));
    const body = tarBytes([{ path: 'index.html', body: 'hi' }]);
    await fx.putRevision(pkg, body, 'tar');
    const fake = { announce, pulled: 0 };
    huge.set(`${pkg}.current`, fake);
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
    const report = (await fx.service({ logger }).sync()).packages.find((p) => p.package === pkg)!;
    expect(fake.pulled).toBeLessThanOrEqual(1 << 20);
    expect(report.current).toBeNull();
    expect(warnings.join('\n')).toContain(`${pkg}.current`);
    // list --master reads every package's pointers at once: same cap.
    fake.pulled = 0;
    const listed = (await fx.service({ logger }).listPackages()).find((p) => p.name === pkg);
    expect(listed?.current).toBeNull();
    expect(fake.pulled).toBeLessThanOrEqual(1 << 20);
  });

  test("refuses a pointer of P that names another package's revision (sync, jump-back --master)", async () => {
    await mkdir(join(fx.root, 'siteA'));
    const a1 = await fx.putRevision('siteA', tarBytes([{ path: 'a', body: 'A one' }]), 'tar', '2026112200001');
    const a2 = await fx.putRevision('siteA', tarBytes([{ path: 'a', body: 'A two' }]), 'tar', '2026112200002');
    await fx.putRevision('siteB', tarBytes([{ path: 'b', body: 'B' }]), 'tar', '2026112200002');
    // siteA.current names a revision of siteB (whose rev happens to be one of siteA's too): it is not
    // a pointer of siteA, so siteA must not move on it.
    const b2 = `siteB.${a2.split('.')[1]}`;
    await put('siteA.current', b2);
    await put('siteA.previous', a1);
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
    const report = (await fx.service({ logger }).sync()).packages.find((p) => p.package === 'siteA')!;
    expect(report.remoteCurrent).toBeNull();
    expect(report.current).toBeNull();
    expect(await readlink(join(fx.root, 'siteA', 'current')).catch(() => null)).toBeNull();
    expect(warnings.join('\n')).toContain(`siteA.current holds '${b2}'`);

    // jump-back --master would swap them: siteA.current would then be written naming siteB.
    await put('siteA.current', a2);
    await put('siteA.previous', b2);
    await expect(fx.service({ logger }).jumpBackMaster({ package: 'siteA' })).rejects.toThrow(/no siteA\.previous/);
  });
});
