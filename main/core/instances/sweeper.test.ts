import { DeleteSecurityGroupCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { isExpired } from './sweeper';
import { TAG } from './tags';
import type { InstancesEventMap } from '../../contract/instances-api';
import { describeInstancesAnswer, describeInstancesFake, ec2Error, ec2Instance, flotillaTags, ME, mockedAws, T0, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();
beforeEach(() => {
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  ec2.on(TerminateInstancesCommand).callsFake(async (input: { InstanceIds: string[] }) => ({
    TerminatingInstances: input.InstanceIds.map((id) => ({ InstanceId: id, PreviousState: { Code: 16, Name: 'running' }, CurrentState: { Code: 32, Name: 'shutting-down' } })),
  }));
});

const past = '2025-06-01T11:59:00Z';
const future = '2025-06-01T13:00:00Z';
const fleet = () => [
  ec2Instance({ id: 'i-00000000000000001', tags: flotillaTags({ [TAG.expiresAt]: past }) }),
  ec2Instance({ id: 'i-00000000000000002', tags: flotillaTags({ [TAG.expiresAt]: future }) }),
  ec2Instance({ id: 'i-00000000000000003', tags: flotillaTags({ [TAG.expiresAt]: 'never' }) }),
  ec2Instance({ id: 'i-00000000000000004', state: 'stopped', tags: flotillaTags({ [TAG.expiresAt]: past }) }),
  // Someone else's instance with an expires-at tag but no Flotilla tags: never touched.
  ec2Instance({ id: 'i-00000000000000005', tags: { Name: 'prod-db', [TAG.expiresAt]: past } }),
  ec2Instance({ id: 'i-00000000000000006', tags: flotillaTags({ [TAG.expiresAt]: 'garbage' }) }),
  ec2Instance({ id: 'i-00000000000000007', state: 'shutting-down', tags: flotillaTags({ [TAG.expiresAt]: past }) }),
];

describe('isExpired', () => {
  test('needs Flotilla tags, a passed time, and a live state', () => {
    const now = new Date(T0);
    expect(fleet().filter((i) => isExpired(i, now)).map((i) => i.InstanceId)).toEqual(['i-00000000000000001', 'i-00000000000000004']);
  });
});

describe('sweep', () => {
  test('terminates only expired Flotilla instances, and tells everyone', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(fleet()));
    const webhooks: unknown[] = [];
    const { deps, recorded } = testDeps({
      settings: () => testSettings({ webhookUrl: 'https://hooks.example.com/x' }),
      fetch: async (_url, init) => (webhooks.push(JSON.parse(String(init?.body))), new Response('ok')),
    });
    const service = createInstancesService(deps);
    const result = await service.api.sweep({});
    await service.close();
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'tag-key', Values: ['flotilla:expires-at'] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
    ]);
    expect(ec2.commandCalls(TerminateInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-00000000000000001', 'i-00000000000000004']]);
    expect(result.terminated).toEqual([
      { id: 'i-00000000000000001', region: 'us-east-1', project: 'web', branch: 'feature-x', expiresAt: past },
      { id: 'i-00000000000000004', region: 'us-east-1', project: 'web', branch: 'feature-x', expiresAt: past },
    ]);
    expect(result.regions).toEqual([{ region: 'us-east-1', ok: true, count: 7 }]);
    expect(recorded.events.find((e) => e.event === 'instances.terminated')!.payload).toEqual({
      instances: [
        { id: 'i-00000000000000001', region: 'us-east-1' },
        { id: 'i-00000000000000004', region: 'us-east-1' },
      ],
      reason: 'expired',
    });
    expect(webhooks).toEqual([{ text: expect.stringMatching(/^:wastebasket: 2 instances: .* expired and were terminated$/) }]);
  });

  test("publishes the fleet it listed, as list shows it: Flotilla's live instances, less what it terminated", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(fleet()));
    const { deps, recorded } = testDeps();
    await createInstancesService(deps).api.sweep({});
    const listed = recorded.events.filter((e) => e.event === 'instances.listed').map((e) => e.payload as InstancesEventMap['instances.listed']);
    expect(listed).toHaveLength(1);
    // 1 and 4 expired and were terminated, 5 is not Flotilla's, 7 is going away.
    expect(listed[0]!.instances.map((i) => i.id).sort()).toEqual(['i-00000000000000002', 'i-00000000000000003', 'i-00000000000000006']);
    expect(listed[0]).toMatchObject({ me: ME, regions: [{ region: 'us-east-1', ok: true, count: 3 }], fetchedAt: new Date(T0).toISOString() });
    // It comes after the terminations, so a view that applies both ends up without them.
    expect(recorded.events.map((e) => e.event).slice(-3)).toEqual(['instances.terminated', 'instances.changed', 'instances.listed']);
  });

  test('publishes a region it could not list with why, and the others', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
      return describeInstancesAnswer([fleet()[1]!], input);
    });
    const { deps, recorded } = testDeps({ settings: () => testSettings({ regions: ['us-east-1', 'eu-west-1'] }) });
    await createInstancesService(deps).api.sweep({});
    const listed = recorded.events.find((e) => e.event === 'instances.listed')!.payload as InstancesEventMap['instances.listed'];
    expect(listed.instances.map((i) => i.id)).toEqual(['i-00000000000000002']);
    expect(listed.regions).toEqual([
      { region: 'us-east-1', ok: true, count: 1 },
      { region: 'eu-west-1', ok: false, count: 0, error: expect.stringContaining('UnauthorizedOperation') },
    ]);
  });

  test('nothing expired: no TerminateInstances at all', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([fleet()[1]!, fleet()[4]!]));
    const { deps } = testDeps();
    expect((await createInstancesService(deps).api.sweep({})).terminated).toEqual([]);
    expect(ec2.commandCalls(TerminateInstancesCommand)).toHaveLength(0);
  });

  test('deletes launch groups with no instance left once they are old, and keeps the rest', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ tags: flotillaTags({ [TAG.launchId]: 'fl-live', [TAG.expiresAt]: future }) })]));
    const group = (id: string, launchId: string, createdAt: string) => ({
      GroupId: id,
      Tags: [
        { Key: TAG.launchId, Value: launchId },
        { Key: TAG.createdAt, Value: createdAt },
      ],
    });
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [group('sg-00000000000000001', 'fl-live', '2025-06-01T08:00:00Z'), group('sg-00000000000000002', 'fl-gone', '2025-06-01T08:00:00Z'), group('sg-00000000000000003', 'fl-new', '2025-06-01T11:50:00Z')],
    });
    ec2.on(DeleteSecurityGroupCommand).resolves({});
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.sweep({});
    expect(result.securityGroupsDeleted).toEqual(['sg-00000000000000002']);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand).map((c) => c.args[0].input.GroupId)).toEqual(['sg-00000000000000002']);
  });

  test('a region that cannot be listed is reported, the others still swept', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
      return describeInstancesAnswer([fleet()[0]!], input);
    });
    const { deps } = testDeps({ settings: () => testSettings({ regions: ['us-east-1', 'eu-west-1'] }) });
    const result = await createInstancesService(deps).api.sweep({});
    expect(result.terminated.map((t) => t.id)).toEqual(['i-00000000000000001']);
    expect(result.regions[1]).toEqual({ region: 'eu-west-1', ok: false, count: 0, error: expect.stringMatching(/^AWS refused to list instances in eu-west-1: UnauthorizedOperation/) });
  });

  test('start sweeps at once and then every 5 minutes on the clock; stop ends it', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([]));
    const { deps, clock } = testDeps();
    const service = createInstancesService(deps);
    await service.start();
    const sweeps = () => ec2.commandCalls(DescribeInstancesCommand).filter((c) => c.args[0].input.Filters?.[0]?.Values?.[0] === TAG.expiresAt).length;
    expect(sweeps()).toBe(1);
    await clock.advance(4 * 60_000);
    expect(sweeps()).toBe(1);
    await clock.advance(60_000);
    expect(sweeps()).toBe(2);
    await clock.advance(5 * 60_000);
    expect(sweeps()).toBe(3);
    await service.close();
    expect(clock.pending()).toBe(0);
  });
});
