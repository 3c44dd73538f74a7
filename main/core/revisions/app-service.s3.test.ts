import { FlotillaError } from '../../contract/errors';
import { createRevisionsAppService } from './app-service';
import { silentLogger, startFixture, type Fixture } from './revisions.test-helpers';

describe('the desktop revisions API (against s3rver)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  test('lists packages and revisions, blesses one and rolls back', async () => {
    const api = createRevisionsAppService({ s3: () => fx.s3, bucket: () => fx.server.bucket, logger: silentLogger }).api;
    const a = await fx.putRevision('site', Buffer.from('one'), 'tgz', '2026010100001');
    const b = await fx.putRevision('site', Buffer.from('two'), 'tgz', '2026010200001');

    expect(await api.packages({})).toContainEqual({ name: 'site', current: null, previous: null });
    expect((await api.revisions({ package: 'site' })).map((r) => r.name)).toEqual([a, b]);

    expect(await api.jump({ revision: a })).toEqual({ package: 'site', current: a, previous: null });
    expect(await api.jump({ revision: b })).toEqual({ package: 'site', current: b, previous: a });
    const listed = await api.revisions({ package: 'site' });
    expect(listed.map((r) => [r.name, r.current, r.previous])).toEqual([
      [a, false, true],
      [b, true, false],
    ]);
    expect(await api.packages({})).toContainEqual({ name: 'site', current: b, previous: a });

    const back = await api.jumpBack({ package: 'site' });
    expect(back.current).toBe(a);
  });

  test('asks for the bucket on each call, so a missing one fails with its own message', async () => {
    const api = createRevisionsAppService({
      s3: () => fx.s3,
      bucket: () => {
        throw new FlotillaError('invalid-input', 'No revisions bucket is set.');
      },
      logger: silentLogger,
    }).api;
    await expect(api.packages({})).rejects.toMatchObject({ code: 'invalid-input', message: 'No revisions bucket is set.' });
  });
});
