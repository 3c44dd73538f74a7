import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { interruptionOf, toInstanceDto } from './instance-dto';
import { describeInstancesFake, ec2Instance, flotillaTags, ME, mockedAws, T0, testDeps, testSettings } from './instances.test-helpers';
import { createInstancesService } from './service';
import { TAG } from './tags';

const spot = (tag?: string, extra: object = {}) => ({
  ...ec2Instance({ tags: flotillaTags(tag === undefined ? {} : { 'flotilla:interruption': tag }) }),
  InstanceLifecycle: 'spot' as const,
  ...extra,
});
const tagOf = (instance: ReturnType<typeof spot>) => instance.Tags?.find((t) => t.Key === 'flotilla:interruption')?.Value;
const read = (instance: ReturnType<typeof spot>) => interruptionOf(instance, tagOf(instance));

describe('interruption notices', () => {
  test("the guard's flotilla:interruption tag: EC2's instance-action time, as ISO 8601", () => {
    expect(read(spot('2025-06-01T12:02:00Z'))).toBe('2025-06-01T12:02:00.000Z');
    expect(toInstanceDto(spot('2025-06-01T12:02:00Z'), 'us-east-1', { now: new Date(T0) }).interruption).toBe('2025-06-01T12:02:00.000Z');
  });

  test('none without the tag, and never for an on-demand instance (whatever its tags say)', () => {
    expect(read(spot())).toBeNull();
    const onDemand = ec2Instance({ tags: flotillaTags({ 'flotilla:interruption': '2025-06-01T12:02:00Z' }) });
    expect(toInstanceDto(onDemand, 'us-east-1', { now: new Date(T0) }).interruption).toBeNull();
  });

  test.each([
    ['markup', '<img src=x onerror=alert(1)>'],
    ['a command', '$(reboot)'],
    ['a date with trailing text', '2025-06-01T12:02:00Z; rm -rf /'],
    ['an impossible date', '2025-13-45T12:02:00Z'],
    ['a local time', '2025-06-01 12:02:00'],
    ['a time years after launch', '2099-01-01T00:00:00Z'],
    ['a time long before launch', '1999-01-01T00:00:00Z'],
    ['a huge value', '9'.repeat(256)],
  ])('a hostile tag (%s) is ignored', (_what, value) => {
    expect(read(spot(value))).toBeNull();
  });

  test("EC2's own StateReason when Spot terminated or stopped it, with the transition's time when EC2 gives one", () => {
    const terminated = spot(undefined, {
      State: { Code: 48, Name: 'terminated' },
      StateReason: { Code: 'Server.SpotInstanceTermination', Message: 'Server.SpotInstanceTermination: Spot instance termination' },
      StateTransitionReason: 'Service initiated (2025-06-01 12:02:05 GMT)',
    });
    expect(read(terminated)).toBe('2025-06-01T12:02:05.000Z');
    const stopped = spot(undefined, { StateReason: { Code: 'Server.SpotInstanceShutdown', Message: 'Server.SpotInstanceShutdown: Spot instance shutdown' }, StateTransitionReason: '' });
    expect(read(stopped)).toBe('');
    const garbled = spot(undefined, { StateReason: { Code: 'Server.SpotInstanceTermination' }, StateTransitionReason: 'x (2025-19-99 99:99:99 GMT)' });
    expect(read(garbled)).toBe('');
    expect(read(spot(undefined, { StateReason: { Code: 'Client.UserInitiatedShutdown' } }))).toBeNull();
  });

  test('the tag wins over the state reason: it is the announced time', () => {
    expect(read(spot('2025-06-01T12:02:00Z', { StateReason: { Code: 'Server.SpotInstanceTermination' }, StateTransitionReason: 'Service initiated (2025-06-01 12:02:09 GMT)' }))).toBe('2025-06-01T12:02:00.000Z');
  });
});

describe('the interruption notification', () => {
  const { ec2 } = mockedAws();
  const interrupted = (id: string, owner = ME) => ({
    ...ec2Instance({ id, tags: flotillaTags({ [TAG.interruption]: '2025-06-01T12:02:00Z', [TAG.owner]: owner, [TAG.expiresAt]: '2025-06-02T12:00:00Z' }) }),
    InstanceLifecycle: 'spot' as const,
  });

  test("once per instance, the first time a sweep or the fleet list shows the caller's instance interrupted; a teammate's is not told", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([interrupted('i-0000000000000000a'), interrupted('i-0000000000000000b', 'arn:aws:iam::1:user/bob'), ec2Instance({ id: 'i-0000000000000000c' })]));
    const { deps, recorded } = testDeps();
    const service = createInstancesService(deps);
    await service.api.sweep({});
    await service.api.list({});
    await service.api.sweep({});
    await service.close();
    expect(recorded.notifications).toEqual([
      {
        title: 'web/feature-x is being interrupted by EC2 Spot at 2025-06-01T12:02:00Z',
        body: 'i-0000000000000000a in us-east-1 will be terminated (Spot interruptions give about two minutes). Launch again, or with market on-demand.',
      },
    ]);
    expect(recorded.webhooks).toEqual([]); // no webhook URL set
  });

  test('seen first by the fleet list (no sweep yet), and with the expiring notifications off only the webhook says it', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([interrupted('i-0000000000000000a')]));
    const { deps, recorded } = testDeps({ settings: () => testSettings({ notifications: { ready: true, failed: true, expiring: false }, webhookUrl: 'https://hooks.example.com/x' }) });
    const service = createInstancesService(deps);
    expect((await service.api.list({})).instances[0]!.interruption).toBe('2025-06-01T12:02:00.000Z');
    await service.close();
    expect(recorded.notifications).toEqual([]);
    expect(JSON.stringify(recorded.webhooks[0]!.body)).toContain(':zap: web/feature-x is being interrupted by EC2 Spot at 2025-06-01T12:02:00Z (i-0000000000000000a, us-east-1)');
  });
});
