import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { list as tarList } from 'tar';
import type { SpoolProgress } from '../../contract/revisions/dto';
import { FlotillaError } from '../../contract/errors';
import { hashPrefix } from './rev-name';
import { expectUploadAborted, recordCommands, startFixture, type Fixture } from './revisions.test-helpers';

async function rejection(promise: Promise<unknown>): Promise<FlotillaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlotillaError) return error;
    throw error;
  }
  throw new Error('expected a FlotillaError');
}

describe('revisions in the bucket (against s3rver)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  const clockAt = (iso: string) => ({ now: () => new Date(iso), setTimeout: () => () => undefined });

  test('spools a file as P.<rev>.<rest> with its SHA-256 in the metadata, reporting progress', async () => {
    const body = randomBytes(11 << 20); // more than one 5 MiB part: a real multipart upload
    const file = join(fx.dir, 'shop.tar.gz');
    await writeFile(file, body);
    const events: SpoolProgress[] = [];
    const service = fx.service({ clock: clockAt('2026-11-22T00:00:07Z'), partSize: 5 << 20, queueSize: 2 });
    const result = await service.spool({ path: file, onProgress: (p) => events.push(p) });
    expect(result.rev).toMatch(/^2026112200007[0-9A-Za-z_]{2}$/);
    expect(result).toMatchObject({ package: 'shop', key: `shop.${result.rev}.tar.gz`, name: `shop.${result.rev}`, size: body.length });
    expect(result.rev.slice(-2)).toBe(hashPrefix(createHash('md5').update(body).digest()));
    const sha256 = createHash('sha256').update(body).digest('hex');
    expect(result.sha256).toBe(sha256);
    const head = await fx.s3.send(new HeadObjectCommand({ Bucket: fx.server.bucket, Key: result.key }));
    expect(head.Metadata?.sha256).toBe(sha256);
    const stored = await fx.s3.send(new GetObjectCommand({ Bucket: fx.server.bucket, Key: result.key }));
    expect(createHash('sha256').update(await stored.Body!.transformToByteArray()).digest('hex')).toBe(sha256);
    const uploading = events.filter((e) => e.phase === 'uploading');
    expect(events.some((e) => e.phase === 'hashing')).toBe(true);
    expect(uploading.at(-1)).toMatchObject({ bytes: body.length, totalBytes: body.length, etaSeconds: 0 });
    expect(uploading.every((e) => e.rateBytesPerSec >= 0)).toBe(true);
    // Then one event while S3 joins the parts: every byte sent, nothing left to estimate.
    expect(events.at(-1)).toEqual({ phase: 'finishing', bytes: body.length, totalBytes: body.length, rateBytesPerSec: 0, etaSeconds: null });
    expect(events.filter((e) => e.phase === 'finishing')).toHaveLength(1);
  });

  test('spools a folder packed as <folder>.tar.gz', async () => {
    const folder = join(fx.dir, 'docs');
    await mkdir(join(folder, 'ftl'), { recursive: true });
    await writeFile(join(folder, 'index.html'), '<h1>hi</h1>');
    await writeFile(join(folder, 'ftl', 'post-jump'), '#!/bin/sh\n', { mode: 0o755 });
    const result = await fx.service().spool({ path: folder });
    expect(result.key).toBe(`docs.${result.rev}.tar.gz`);
    const stored = await fx.s3.send(new GetObjectCommand({ Bucket: fx.server.bucket, Key: result.key }));
    const archive = join(fx.dir, 'docs-check.tgz');
    const bytes = await stored.Body!.transformToByteArray();
    await writeFile(archive, bytes);
    // The digests taken while packing are those of the stored bytes: metadata and name agree.
    expect(stored.Metadata?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.sha256).toBe(stored.Metadata?.sha256);
    expect(result.size).toBe(bytes.length);
    expect(result.rev.slice(-2)).toBe(hashPrefix(createHash('md5').update(bytes).digest()));
    const names: string[] = [];
    await tarList({ file: archive, onReadEntry: (e) => void names.push(e.path) });
    expect(names.sort()).toEqual(['ftl/', 'ftl/post-jump', 'index.html']);
  });

  test('refuses a file name without a dot, and a missing path, saying how to fix it', async () => {
    const file = join(fx.dir, 'nodot');
    await writeFile(file, 'x');
    const noDot = await rejection(fx.service().spool({ path: file }));
    expect(noDot.code).toBe('invalid-input');
    expect(noDot.message).toContain('has no dot');
    expect((await rejection(fx.service().spool({ path: join(fx.dir, 'absent.tgz') }))).code).toBe('not-found');
  });

  test('cancels a spool with an AbortSignal, aborts the multipart upload and stores nothing', async () => {
    const file = join(fx.dir, 'big.bin');
    await writeFile(file, randomBytes(24 << 20));
    const controller = new AbortController();
    const service = fx.service({ partSize: 5 << 20, queueSize: 1 });
    const recorder = recordCommands(fx.s3);
    const error = await rejection(
      // The first 'uploading' event comes as the first part is opened, before anything is stored.
      service.spool({ path: file, signal: controller.signal, onProgress: (p) => p.phase === 'uploading' && controller.abort() }),
    ).finally(recorder.stop);
    expect(error.message).toContain('cancelled');
    const key = recorder.sent.find((c) => c.command === 'CreateMultipartUploadCommand')?.input.Key as string;
    expect(key).toMatch(/^big\.\w+\.bin$/);
    expectUploadAborted(recorder.sent, fx.server.bucket, key);
    expect((await service.listRevisions({ package: 'big' })).length).toBe(0);
  });

  test('lists packages and revisions in order, marking current and previous; jump, jump-back and purge follow FTL', async () => {
    const service = fx.service();
    const a = await fx.putRevision('web', Buffer.from('one'), 'tgz', '2026010100001');
    const b = await fx.putRevision('web', Buffer.from('two'), 'tgz', '2026010200001');
    const c = await fx.putRevision('web', Buffer.from('three'), 'tgz', '2026010300001');
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: 'web.status/i-0abc.json', Body: '{}' }));

    expect((await rejection(service.jumpMaster({ revision: 'web.2026010400001Zz' }))).code).toBe('not-found');
    expect(await service.jumpMaster({ revision: a })).toEqual({ package: 'web', current: a, previous: null });
    expect(await service.jumpMaster({ revision: c })).toEqual({ package: 'web', current: c, previous: a });
    const listed = await service.listRevisions({ package: 'web' });
    expect(listed.map((r) => [r.name, r.current, r.previous])).toEqual([
      [a, false, true],
      [b, false, false],
      [c, true, false],
    ]);
    expect((await fx.service({ pageSize: 2 }).listRevisions({ package: 'web' })).map((r) => r.name)).toEqual([a, b, c]);
    expect(listed[0]).toMatchObject({ size: 3, key: `${a}.tgz`, lastModified: expect.stringMatching(/^\d{4}-/) });
    expect((await service.listPackages()).find((p) => p.name === 'web')).toEqual({ name: 'web', current: c, previous: a });

    expect(await service.jumpBackMaster({ package: 'web' })).toEqual({ package: 'web', current: a, previous: c });
    for (const refused of [a, c]) {
      const error = await rejection(service.purgeMaster({ revision: refused }));
      expect(error.code).toBe('invalid-input');
      expect(error.message).toMatch(/current|previous/);
    }
    expect(await service.purgeMaster({ revision: b })).toEqual({ revision: b, key: `${b}.tgz` });
    expect((await service.listRevisions({ package: 'web' })).map((r) => r.name)).toEqual([a, c]);
    expect((await rejection(service.purgeMaster({ revision: b }))).code).toBe('not-found');
  });

  test('reads the legacy P.rev when P.current is missing', async () => {
    const old = await fx.putRevision('legacy', Buffer.from('old'), 'tar', '2025010100001');
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: 'legacy.rev', Body: old }));
    expect((await fx.service().listPackages()).find((p) => p.name === 'legacy')).toEqual({ name: 'legacy', current: old, previous: null });
  });

  test('lists past 1000 keys, and pages of any size', async () => {
    const pkg = 'many';
    const total = 1003;
    const keys = Array.from({ length: total }, (_, i) => `${pkg}.20260101${String(i).padStart(5, '0')}Aa.tgz`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (next < keys.length) {
          const key = keys[next++]!;
          await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: 'x' }));
        }
      }),
    );
    const all = await fx.service().listRevisions({ package: pkg });
    expect(all.length).toBe(total);
    expect(all.at(-1)!.rev).toBe('2026010101002Aa');
    expect((await fx.service({ pageSize: 7 }).listPackages()).map((p) => p.name)).toContain(pkg);
  }, 30_000);
});
