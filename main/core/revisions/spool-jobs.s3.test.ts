import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RevisionsEventMap } from '../../contract/revisions/events';
import { FlotillaError } from '../../contract/errors';
import { createRevisionsAppService } from './app-service';
import { expectUploadAborted, recordCommands, silentLogger, startFixture, type Fixture } from './revisions.test-helpers';

type Recorded = { [E in keyof RevisionsEventMap]: { event: E; payload: RevisionsEventMap[E] } }[keyof RevisionsEventMap];

describe('spooling from the app: revisions.spool, its events and cancelSpool (against s3rver)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  function appApi(bucket: () => string = () => fx.server.bucket) {
    const events: Recorded[] = [];
    const waiters: Array<() => void> = [];
    const api = createRevisionsAppService({
      s3: () => fx.s3,
      bucket,
      logger: silentLogger,
      home: fx.dir,
      partSize: 5 << 20,
      emit: (event, payload) => {
        events.push({ event, payload } as Recorded);
        for (const wake of waiters.splice(0)) wake();
      },
    }).api;
    /** Resolves with the spoolDone of `spoolId`, whenever it came. */
    const done = async (spoolId: string) => {
      for (;;) {
        const hit = events.find((e) => e.event === 'revisions.spoolDone' && e.payload.spoolId === spoolId);
        if (hit) return hit.payload as RevisionsEventMap['revisions.spoolDone'];
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    return { api, events, done };
  }

  test('answers a spoolId at once, reports packing, hashing and uploading, then the revision; the package changed', async () => {
    const folder = join(fx.dir, 'site');
    await mkdir(join(folder, 'assets'), { recursive: true });
    await writeFile(join(folder, 'index.html'), '<h1>release</h1>');
    await writeFile(join(folder, 'assets', 'app.js'), 'console.log(1)\n'.repeat(1000));
    const { api, events, done } = appApi();

    const started = await api.spool({ path: '~/site' });
    expect(started).toEqual({ spoolId: expect.stringMatching(/^[0-9a-f-]{36}$/), path: folder });
    const outcome = await done(started.spoolId);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.result).toMatchObject({ package: 'site', key: `site.${outcome.result.rev}.tar.gz`, name: `site.${outcome.result.rev}` });

    const progress = events.filter((e) => e.event === 'revisions.spoolProgress').map((e) => e.payload as RevisionsEventMap['revisions.spoolProgress']);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['packing', 'hashing', 'uploading']));
    expect(progress.every((p) => p.spoolId === started.spoolId && p.path === folder)).toBe(true);
    expect(progress.filter((p) => p.phase === 'packing').every((p) => p.totalBytes === null)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'uploading', bytes: outcome.result.size, totalBytes: outcome.result.size, etaSeconds: 0 });
    expect(events.at(-1)).toEqual({ event: 'revisions.changed', payload: { package: 'site', reason: 'spool' } });

    expect((await api.revisions({ package: 'site' })).map((r) => r.name)).toContain(outcome.result.name);
    await api.jump({ revision: outcome.result.name });
    expect(events.at(-1)).toEqual({ event: 'revisions.changed', payload: { package: 'site', reason: 'jump' } });
    expect(await api.cancelSpool({ spoolId: started.spoolId })).toEqual({ cancelled: false });
  });

  test('cancels a running spool: spoolDone says cancelled, the multipart upload is aborted and nothing is stored', async () => {
    const file = join(fx.dir, 'big.bin');
    await writeFile(file, randomBytes(64 << 20));
    const { api, events, done } = appApi();
    const recorder = recordCommands(fx.s3);
    const { spoolId } = await api.spool({ path: file });
    // Cancel once the upload has started (its first progress event comes as the first part is opened).
    const uploading = () => events.some((e) => e.event === 'revisions.spoolProgress' && e.payload.phase === 'uploading');
    while (!uploading() && !events.some((e) => e.event === 'revisions.spoolDone')) await new Promise((r) => setTimeout(r, 5));
    expect(await api.cancelSpool({ spoolId })).toEqual({ cancelled: true });
    const outcome = await done(spoolId).finally(recorder.stop);
    const key = recorder.sent.find((c) => c.command === 'CreateMultipartUploadCommand')?.input.Key as string;
    expect(key).toMatch(/^big\.\w+\.bin$/);
    expectUploadAborted(recorder.sent, fx.server.bucket, key);
    expect(outcome).toMatchObject({ ok: false, cancelled: true, error: { code: 'unavailable', message: expect.stringContaining('cancelled') } });
    expect(events.some((e) => e.event === 'revisions.changed')).toBe(false);
    expect(await api.revisions({ package: 'big' })).toEqual([]);
  });

  test('refuses at once what cannot be spooled, saying what to fix', async () => {
    const { api, events } = appApi();
    await expect(api.spool({ path: 'dist/site.tar.gz' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('relative path') });
    await expect(api.spool({ path: join(fx.dir, 'absent.tgz') })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('There is no file or folder') });
    await mkdir(join(fx.dir, 'empty'));
    await expect(api.spool({ path: join(fx.dir, 'empty') })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('is empty') });
    await writeFile(join(fx.dir, 'nodot'), 'x');
    await expect(api.spool({ path: join(fx.dir, 'nodot') })).rejects.toMatchObject({ message: expect.stringContaining('has no dot') });
    const noBucket = appApi(() => {
      throw new FlotillaError('invalid-input', 'No revisions bucket is set.', { setting: 'revisions.bucket' });
    });
    await writeFile(join(fx.dir, 'ok.txt'), 'x');
    await expect(noBucket.api.spool({ path: join(fx.dir, 'ok.txt') })).rejects.toMatchObject({ data: { setting: 'revisions.bucket' } });
    expect(events).toEqual([]);
    expect(await api.cancelSpool({ spoolId: 'no-such-spool' })).toEqual({ cancelled: false });
  });

  test('refuses exactly what spool() itself refuses, in the same words (one check for both)', async () => {
    const { api } = appApi();
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (error: FlotillaError) => ({ code: error.code, message: error.message, data: error.data }));
    await mkdir(join(fx.dir, 'bare'));
    await writeFile(join(fx.dir, 'dotless'), 'x');
    for (const path of [join(fx.dir, 'gone.tgz'), join(fx.dir, 'bare'), join(fx.dir, 'dotless')]) {
      const fromApp = await refusal(api.spool({ path }));
      expect(fromApp).not.toBe('accepted');
      expect(await refusal(fx.service().spool({ path }))).toEqual(fromApp);
    }
  });

  test('reports a failure during the upload as a spoolDone error, not a rejected call', async () => {
    await writeFile(join(fx.dir, 'lost.txt'), 'x');
    const { api, done } = appApi(() => 'no-such-bucket');
    const { spoolId } = await api.spool({ path: join(fx.dir, 'lost.txt') });
    expect(await done(spoolId)).toMatchObject({ ok: false, cancelled: false, error: { code: 'unavailable', message: expect.stringContaining('no-such-bucket') } });
  });
});
