import { CreateTagsCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import type { InstanceDto } from '../../contract/instances/dto';
import { parseNotificationAction } from '../../contract/instances/notification-actions';
import { createExpiryWarner, EXPIRY_WARNING_LEAD_MS } from './expiry-warning';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, FakeClock, flotillaTags, ME, mockedAws, T0, testDeps, testSettings } from './instances.test-helpers';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function dto(id: string, expiresAt: string | null, extra: Partial<InstanceDto> = {}): InstanceDto {
  return {
    id, region: 'us-east-1', name: 'web/x', project: 'web', branch: 'x', gitUser: 'octocat', owner: ME, launchId: 'fl-1', state: 'running', readiness: 'ready',
    publicDns: null, publicIp: null, readyUrl: null, launchedAt: iso(T0 - 3_600_000), expiresAt, pinned: expiresAt === null, instanceType: 't3.small',
    imageId: 'ami-0123456789abcdef0', keyName: null, tags: {}, revision: null, access: 'ssh', market: 'on-demand', hourlyPrice: null, costSoFar: null, projectedCost: null, priceSource: null, interruption: null, ssm: null, ...extra,
  };
}

function warnerWithClock() {
  const clock = new FakeClock();
  const warned: Array<{ id: string; minutesLeft: number; at: number }> = [];
  const warner = createExpiryWarner({ clock, warn: (i, msLeft) => warned.push({ id: i.id, minutesLeft: Math.round(msLeft / MIN), at: clock.now().getTime() - T0 }) });
  return { clock, warned, warner };
}

describe('createExpiryWarner', () => {
  test('warns once, 15 minutes before the expiry, on the clock', async () => {
    const { clock, warned, warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 60 * MIN))]);
    await clock.advance(44 * MIN);
    expect(warned).toEqual([]);
    await clock.advance(1 * MIN);
    expect(warned).toEqual([{ id: 'i-1', minutesLeft: 15, at: 45 * MIN }]);
    warner.observe([dto('i-1', iso(T0 + 60 * MIN))]); // seen again by a sweep: no second warning
    await clock.advance(14 * MIN);
    expect(warned).toHaveLength(1);
    expect(EXPIRY_WARNING_LEAD_MS).toBe(15 * MIN);
  });

  test('one already inside the window is warned about at once', async () => {
    const { clock, warned, warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 10 * MIN)), dto('i-2', iso(T0 - MIN)), dto('i-3', null)]);
    await clock.advance(0);
    expect(warned).toEqual([{ id: 'i-1', minutesLeft: 10, at: 0 }]);
    expect(warner.watching()).toEqual(['i-1']);
  });

  test('extending re-arms it; pinning, terminating or vanishing from a listing disarms it', async () => {
    const { clock, warned, warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 10 * MIN)), dto('i-2', iso(T0 + 20 * MIN)), dto('i-3', iso(T0 + 20 * MIN)), dto('i-4', iso(T0 + 20 * MIN), { region: 'eu-west-1' })]);
    await clock.advance(0);
    expect(warned.map((w) => w.id)).toEqual(['i-1']);
    warner.observe([dto('i-1', iso(T0 + 70 * MIN))]); // extended by an hour
    warner.observe([dto('i-2', null, { pinned: true })]);
    warner.forget(['i-3']);
    warner.replaceRegion('us-east-1', [dto('i-1', iso(T0 + 70 * MIN))]); // i-4 is in another region: kept
    expect(warner.watching().sort()).toEqual(['i-1', 'i-4']);
    await clock.advance(10 * MIN);
    expect(warned.map((w) => w.id)).toEqual(['i-1', 'i-4']);
    await clock.advance(45 * MIN);
    expect(warned.map((w) => [w.id, w.minutesLeft, w.at / MIN])).toEqual([['i-1', 10, 0], ['i-4', 15, 5], ['i-1', 15, 55]]);
  });

  test('a short TTL is not warned about at launch: the lead is at most a third of its life', async () => {
    const { clock, warned, warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 15 * MIN), { launchedAt: iso(T0) }), dto('i-2', iso(T0 + 30 * MIN), { launchedAt: iso(T0) })]);
    await clock.advance(0);
    expect(warned).toEqual([]);
    await clock.advance(10 * MIN);
    expect(warned).toEqual([{ id: 'i-1', minutesLeft: 5, at: 10 * MIN }]);
    await clock.advance(10 * MIN);
    expect(warned.map((w) => [w.id, w.minutesLeft])).toEqual([['i-1', 5], ['i-2', 10]]);
    warner.stop();
  });

  test('far-off expiries wait in bounded steps; stop leaves no timer', async () => {
    const { clock, warned, warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 30 * 86_400_000))]);
    expect(clock.delays()).toEqual([60 * MIN]);
    await clock.advance(30 * 86_400_000 - 15 * MIN);
    expect(warned).toHaveLength(1);
    warner.observe([dto('i-2', iso(T0 + 31 * 86_400_000))]);
    warner.stop();
    expect(clock.pending()).toBe(0);
  });

  test('shutting-down and terminated instances are not watched', () => {
    const { warner } = warnerWithClock();
    warner.observe([dto('i-1', iso(T0 + 5 * MIN), { state: 'shutting-down' }), dto('i-2', iso(T0 + 5 * MIN), { state: 'stopped' })]);
    expect(warner.watching()).toEqual(['i-2']);
  });
});

describe('expiry warnings from the service', () => {
  const { ec2 } = mockedAws();
  beforeEach(() => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  });

  const soon = '2025-06-01T12:10:00Z'; // T0 + 10 minutes
  const fleet = () => [
    ec2Instance({ id: 'i-0000000000000000a', tags: flotillaTags({ [TAG.expiresAt]: soon }) }),
    ec2Instance({ id: 'i-0000000000000000b', tags: flotillaTags({ [TAG.expiresAt]: soon, [TAG.owner]: 'arn:aws:iam::1:user/bob' }) }),
    ec2Instance({ id: 'i-0000000000000000c', tags: flotillaTags({ [TAG.expiresAt]: 'never' }) }),
  ];

  test("a sweep finds the caller's instance about to expire: one notification with an Extend action; Extend re-arms it", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(fleet()));
    const { deps, recorded, clock } = testDeps();
    const service = createInstancesService(deps);
    await service.api.sweep({});
    await clock.advance(0);
    expect(recorded.notifications).toEqual([
      {
        title: 'web/feature-x expires in 10m',
        body: 'i-0000000000000000a in us-east-1 will be terminated then. Extend it by 1h to keep it.',
        actions: [{ id: 'extend:us-east-1/i-0000000000000000a', label: 'Extend by 1h' }],
      },
    ]);
    expect(parseNotificationAction(recorded.notifications[0]!.actions![0]!.id)).toEqual({ action: 'extend', id: 'i-0000000000000000a', region: 'us-east-1' });

    await service.api.sweep({});
    await clock.advance(0);
    expect(recorded.notifications).toHaveLength(1);

    ec2.on(CreateTagsCommand).resolves({});
    await service.api.extend({ id: 'i-0000000000000000a', duration: '1h' });
    await clock.advance(54 * MIN);
    expect(recorded.notifications).toHaveLength(1);
    await clock.advance(1 * MIN);
    expect(recorded.notifications.map((n) => n.title)).toEqual(['web/feature-x expires in 10m', 'web/feature-x expires in 15m']);
    await service.close();
    expect(clock.pending()).toBe(0);
  });

  test('Settings → Notifications → expiring off: nothing is shown', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(fleet()));
    const { deps, recorded, clock } = testDeps({ settings: () => testSettings({ notifications: { ready: true, failed: true, expiring: false } }) });
    const service = createInstancesService(deps);
    await service.api.sweep({});
    await clock.advance(0);
    expect(recorded.notifications).toEqual([]);
    await service.close();
  });
});
