import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand, PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import type { LiveFleet } from './drift';
import { driftOf } from './drift';
import { legacyStatusKey, moveLegacyReport, statusKey, writeStatus } from './status';
import { ftlListPackages, ftlListRevisions, silentLogger, startFixture, tgzBytes, type Fixture } from './revisions.test-helpers';

// Agents up to 0.1.x reported in `<P>.status/<id>.json`, which the real FTL lists as a revision
// (ftl/remote.go:42-56). For one release those reports are read where they are and moved.
describe('status reports in the old place (against s3rver)', () => {
  let fx: Fixture;
  let rev: string;
  const fleet: LiveFleet = { instances: [], error: null };
  const now = { now: new Date(), staleAfterMs: 3_600_000 };
  beforeAll(async () => {
    fx = await startFixture();
    rev = await fx.putRevision('shop', tgzBytes([{ path: 'v', body: 'a' }]), 'tgz', '2026010100001');
  });
  afterAll(() => fx.close());
  const ctx = () => ({ s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger });
  const report = (time: string, host: string) => JSON.stringify({ package: 'shop', revision: rev, time, host }) + '\n';
  const put = (key: string, body: string) => fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: body }));
  const text = async (key: string) => {
    try {
      return await (await fx.s3.send(new GetObjectCommand({ Bucket: fx.server.bucket, Key: key }))).Body!.transformToString();
    } catch {
      return null;
    }
  };
  const keys = async (prefix: string) =>
    ((await fx.s3.send(new ListObjectsCommand({ Bucket: fx.server.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key);

  test('the Servers view moves old reports to the new place, and FTL then lists only the revisions', async () => {
    const oldOnly = report('2026-01-01T00:00:00.000Z', 'ip-10-0-0-1');
    await put(legacyStatusKey('shop', 'ip-10-0-0-1.ec2.internal'), oldOnly);
    // This server has a report in each place (an old agent ran beside an upgraded one): the new one wins.
    await writeStatus(ctx(), 'i-0000000000000bbbb', { package: 'shop', revision: rev, time: '2026-02-01T00:00:00.000Z', host: 'new' });
    await put(legacyStatusKey('shop', 'i-0000000000000bbbb'), report('2026-01-01T00:00:00.000Z', 'old'));
    await put(legacyStatusKey('shop', 'i-0000000000000cccc'), report('2026-01-01T00:00:00.000Z', 'c'));
    expect(await ftlListRevisions(fx.s3, fx.server.bucket, 'shop')).toEqual([rev, 'shop.status/i-0000000000000bbbb', 'shop.status/i-0000000000000cccc', 'shop.status/ip-10-0-0-1']);

    const drift = await driftOf(ctx(), 'shop', fleet, now);
    expect(drift.entries.map((e) => [e.id, e.key, e.host]).sort()).toEqual([
      ['i-0000000000000bbbb', statusKey('shop', 'i-0000000000000bbbb'), 'new'],
      ['i-0000000000000cccc', statusKey('shop', 'i-0000000000000cccc'), 'c'],
      ['ip-10-0-0-1.ec2.internal', 'flotilla-status/shop/ip-10-0-0-1_2Eec2_2Einternal', 'ip-10-0-0-1'],
    ]);
    expect(await text('flotilla-status/shop/ip-10-0-0-1_2Eec2_2Einternal')).toBe(oldOnly);
    expect(await keys('shop.status/')).toEqual([]);
    expect(await ftlListRevisions(fx.s3, fx.server.bucket, 'shop')).toEqual([rev]);
    expect(await ftlListPackages(fx.s3, fx.server.bucket)).toEqual(['shop']);
  });

  test('an agent that reports removes its own old report', async () => {
    await put(legacyStatusKey('shop', 'web-1'), report('2026-01-01T00:00:00.000Z', 'web-1'));
    await writeStatus(ctx(), 'web-1', { package: 'shop', revision: rev, time: '2026-03-01T00:00:00.000Z', host: 'web-1' });
    expect(await text(legacyStatusKey('shop', 'web-1'))).toBeNull();
    expect(JSON.parse((await text(statusKey('shop', 'web-1')))!)).toMatchObject({ time: '2026-03-01T00:00:00.000Z' });
  });

  test('never overwrites a report the agent wrote meanwhile (If-None-Match, as S3 honours it)', async () => {
    // s3rver ignores If-None-Match on PUT; S3 answers 412 PreconditionFailed when the key exists
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html). This
    // middleware gives that answer from s3rver's real state.
    const name = `if-none-match-${Math.random()}`;
    fx.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as PutObjectCommandInput;
        if (context.commandName === 'PutObjectCommand' && input.IfNoneMatch === '*') {
          const exists = await fx.s3.send(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key })).then(() => true, () => false);
          if (exists) throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const legacy = legacyStatusKey('shop', 'web-2');
      const old = report('2026-01-01T00:00:00.000Z', 'old');
      await put(legacy, old);
      await put(statusKey('shop', 'web-2'), report('2026-04-01T00:00:00.000Z', 'fresh'));
      expect(await moveLegacyReport(ctx(), 'shop', 'web-2', legacy, old)).toBeNull();
      expect(await text(legacy)).toBeNull();
      expect(JSON.parse((await text(statusKey('shop', 'web-2')))!)).toMatchObject({ host: 'fresh' });

      // No report in the new place: the old one is copied there.
      await put(legacy, old);
      expect(await moveLegacyReport(ctx(), 'shop', 'web-5', legacy, old)).toBe(statusKey('shop', 'web-5'));
      expect(await text(statusKey('shop', 'web-5'))).toBe(old);
      expect(await text(legacy)).toBeNull();
    } finally {
      fx.s3.middlewareStack.remove(name);
    }
  });
});
