import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriftReport } from '../../contract/revisions/dto';
import { createRevisionsAppService } from './app-service';
import type { LiveFleet, LiveInstance } from './drift';
import { statusKey, writeStatus } from './status';
import { silentLogger, startFixture, tgzBytes, type Fixture } from './revisions.test-helpers';

const HOUR = 3_600_000;
const live = (id: string, extra: Partial<LiveInstance> = {}): LiveInstance => ({
  id,
  region: 'eu-west-1',
  name: `shop/${id.slice(-4)}`,
  project: 'shop',
  state: 'running',
  publicDns: null,
  publicIp: null,
  ...extra,
});
const at = (iso: string) => ({ now: () => new Date(iso), setTimeout: () => () => undefined });
const row = (report: DriftReport, id: string) => report.entries.find((e) => e.id === id);

describe('drift: which revision each live instance runs (against s3rver, reports by the real status writer)', () => {
  let fx: Fixture;
  let a: string;
  let b: string;
  const fleet: LiveFleet = {
    instances: [
      live('i-0000000000000aaaa'),
      live('i-0000000000000bbbb'),
      live('i-0000000000000cccc', { publicDns: 'ec2-203-0-113-7.eu-west-1.compute.amazonaws.com', publicIp: '203.0.113.7' }),
      live('i-0000000000000dddd', { revision: 'shop.2026010100001Ab' }),
      live('i-0000000000000eeee'),
    ],
    error: null,
  };

  beforeAll(async () => {
    fx = await startFixture();
    const release = (text: string) => tgzBytes([{ path: 'version.txt', body: text }]);
    a = await fx.putRevision('shop', release('a'), 'tgz', '2026010100001');
    b = await fx.putRevision('shop', release('b'), 'tgz', '2026010200001');
    const ctx = { s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger };
    // aaaa: a server whose agent synced A long ago (status written by the agent's own jump). The
    // agent's local sync makes symlinks, which only Linux and macOS servers do: on Windows the
    // same report is written as the agent writes it.
    const agent = fx.service({ statusId: 'i-0000000000000aaaa', host: 'ip-10-0-0-1', clock: at('2020-01-01T00:00:00Z') });
    await agent.jumpMaster({ revision: a });
    if (process.platform === 'win32') {
      await writeStatus(ctx, 'i-0000000000000aaaa', { package: 'shop', revision: a, time: '2020-01-01T00:00:00.000Z', host: 'ip-10-0-0-1' });
    } else {
      await mkdir(join(fx.root, 'shop'));
      expect((await agent.sync()).ok).toBe(true);
    }
    // Then B is blessed: it is current from now on.
    await fx.service().jumpMaster({ revision: b });
    const now = Date.now();
    await writeStatus(ctx, 'i-0000000000000bbbb', { package: 'shop', revision: b, time: new Date(now - 48 * HOUR).toISOString(), host: 'ip-10-0-0-2' });
    // cccc names itself by its public DNS name (FTL_STATUS_ID) and was jumped back to A after the bless.
    await writeStatus(ctx, 'ec2-203-0-113-7.eu-west-1.compute.amazonaws.com', { package: 'shop', revision: a, time: new Date(now + HOUR).toISOString(), host: 'ip-10-0-0-3' });
    await writeStatus(ctx, 'i-0000000000000dead', { package: 'shop', revision: a, time: '2020-01-01T00:00:00.000Z', host: 'ip-10-0-0-9' });
    // eeee's report is in the place agents up to 0.1.x wrote, and broken: the view moves it all the same.
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: 'shop.status/i-0000000000000eeee.json', Body: 'not json' }));
  });
  afterAll(() => fx.close());

  const api = (fleetNow: LiveFleet | (() => Promise<LiveFleet>), now = () => new Date()) =>
    createRevisionsAppService({ s3: () => fx.s3, bucket: () => fx.server.bucket, logger: silentLogger, clock: { now, setTimeout: () => () => undefined }, liveInstances: typeof fleetNow === 'function' ? fleetNow : async () => fleetNow }).api;

  test('marks each live instance current, behind, stale or missing, and reports from no live instance orphan', async () => {
    const report = await api(fleet).drift({ package: 'shop' });
    expect(report).toMatchObject({ package: 'shop', current: b, staleAfterHours: 24, instancesError: null });
    expect(Date.now() - Date.parse(report.currentSince!)).toBeLessThan(60_000);
    expect(report.entries.map((e) => [e.id, e.state, e.revision])).toEqual([
      ['i-0000000000000eeee', 'stale', null],
      ['i-0000000000000aaaa', 'behind', a],
      ['i-0000000000000cccc', 'behind', a],
      ['i-0000000000000dddd', 'missing', null],
      ['i-0000000000000bbbb', 'current', b],
      ['i-0000000000000dead', 'orphan', a],
    ]);
    expect(row(report, 'i-0000000000000aaaa')).toMatchObject({
      key: 'flotilla-status/shop/i-0000000000000aaaa',
      host: 'ip-10-0-0-1',
      reportedAt: '2020-01-01T00:00:00.000Z',
      instance: { id: 'i-0000000000000aaaa', region: 'eu-west-1', name: 'shop/aaaa', state: 'running' },
    });
    expect(row(report, 'i-0000000000000cccc')?.key).toBe('flotilla-status/shop/ec2-203-0-113-7_2Eeu-west-1_2Ecompute_2Eamazonaws_2Ecom');
    expect(row(report, 'i-0000000000000eeee')?.key).toBe('flotilla-status/shop/i-0000000000000eeee');
    expect(row(report, 'i-0000000000000eeee')?.problem).toMatch(/is not valid JSON; the agent rewrites it on its next jump/);
    expect(row(report, 'i-0000000000000dead')?.instance).toBeNull();
    // What each instance was launched with: its flotilla:revision tag (none for orphans and untagged ones).
    expect(row(report, 'i-0000000000000dddd')?.launchedWith).toBe('shop.2026010100001Ab');
    expect(row(report, 'i-0000000000000aaaa')?.launchedWith).toBeNull();
    expect(row(report, 'i-0000000000000dead')?.launchedWith).toBeNull();
  });

  test('lists a live instance without a report only when its project runs the package; counts the others', async () => {
    const mixed: LiveFleet = {
      instances: [
        ...fleet.instances,
        // web: one of its instances reported for shop (by its public IP), so its other one is missing.
        live('i-0000000000000a001', { project: 'web', name: 'web/main', publicIp: '198.51.100.1' }),
        live('i-0000000000000a002', { project: 'web', name: 'web/next' }),
        // blog: nothing of it runs shop: counted, not listed.
        live('i-0000000000000b001', { project: 'blog', name: 'blog/main' }),
        live('i-0000000000000b002', { project: 'blog', name: 'blog/next' }),
        live('i-0000000000000c001', { project: '', name: 'hand-made' }),
      ],
      error: null,
    };
    await writeStatus(
      { s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger },
      '198.51.100.1',
      { package: 'shop', revision: b, time: new Date().toISOString(), host: 'ip-10-0-1-1' },
    );
    const report = await api(mixed).drift({ package: 'shop' });
    expect(row(report, 'i-0000000000000a001')?.state).toBe('current');
    expect(row(report, 'i-0000000000000a002')?.state).toBe('missing');
    expect(row(report, 'i-0000000000000dddd')?.state).toBe('missing');
    for (const id of ['i-0000000000000b001', 'i-0000000000000b002', 'i-0000000000000c001']) expect(row(report, id)).toBeUndefined();
    expect(report.otherInstances).toBe(3);
    await fx.s3.send(new DeleteObjectCommand({ Bucket: fx.server.bucket, Key: statusKey('shop', '198.51.100.1') }));
  });

  test("takes the bless time from the pointer's own GET: no HEAD, one request per pointer and report", async () => {
    const calls: string[] = [];
    const name = `count${Math.random()}`;
    fx.s3.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name },
    );
    let report: DriftReport;
    try {
      report = await api(fleet).drift({ package: 'shop' });
    } finally {
      fx.s3.middlewareStack.remove(name);
    }
    const head = await fx.s3.send(new HeadObjectCommand({ Bucket: fx.server.bucket, Key: 'shop.current' }));
    expect(report.currentSince).toBe(head.LastModified!.toISOString());
    const counts = Object.fromEntries([...new Set(calls)].map((c) => [c, calls.filter((x) => x === c).length]));
    // shop.current and shop.previous, then the five reports; one listing of flotilla-status/shop/
    // and, for one release, one of the old place shop.status/ (empty: the first view moved eeee's).
    expect(counts).toEqual({ GetObjectCommand: 2 + 5, ListObjectsCommand: 2 });
  });

  test('takes the bless time of a legacy P.rev pointer from that object', async () => {
    const old = await fx.putRevision('old', tgzBytes([{ path: 'v', body: 'old' }]), 'tgz', '2026010100001');
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: 'old.rev', Body: old }));
    const report = await api({ instances: [], error: null }).drift({ package: 'old' });
    const head = await fx.s3.send(new HeadObjectCommand({ Bucket: fx.server.bucket, Key: 'old.rev' }));
    expect(report).toMatchObject({ current: old, currentSince: head.LastModified!.toISOString() });
  });

  test('calls a server stale once the bless is older than 24 h and it has not reported since', async () => {
    const report = await api(fleet, () => new Date(Date.now() + 25 * HOUR)).drift({ package: 'shop' });
    expect(row(report, 'i-0000000000000aaaa')?.state).toBe('stale');
    // Reported after the bless: still behind, however old. Reporting current: never stale.
    expect(row(report, 'i-0000000000000cccc')?.state).toBe('behind');
    expect(row(report, 'i-0000000000000bbbb')?.state).toBe('current');
  });

  test('calls nothing orphan when the fleet could not be listed, and says why', async () => {
    const failing = api(async () => {
      throw new Error('EC2 refused DescribeInstances');
    });
    const report = await failing.drift({ package: 'shop' });
    expect(report.instancesError).toContain('EC2 refused DescribeInstances');
    expect(report.entries.every((e) => e.state !== 'orphan' && e.state !== 'missing')).toBe(true);
    expect(row(report, 'i-0000000000000dead')?.state).toBe('behind');

    const partial = await api({ instances: [], error: 'us-east-1: AccessDenied' }).drift({ package: 'shop' });
    expect(partial.instancesError).toBe('us-east-1: AccessDenied');
  });

  test('answers a package with no reports and no pointers plainly, and refuses a bad package name', async () => {
    const report = await api({ instances: [live('i-0000000000000ffff', { project: 'nothing' })], error: null }).drift({ package: 'nothing' });
    expect(report).toMatchObject({ current: null, currentSince: null, entries: [{ id: 'i-0000000000000ffff', state: 'missing' }], otherInstances: 0 });
    await expect(api(fleet).drift({ package: 'a/b' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
