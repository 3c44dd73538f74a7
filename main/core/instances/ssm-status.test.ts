import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  SSMClient,
  type DescribeInstanceInformationCommandInput,
  type InstanceInformation,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createInstancesService } from './service';
import { describeSsmStatuses, SSM_BATCH } from './ssm-status';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, flotillaTags, mockedAws, testClients, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();
const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());
afterAll(() => ssm.restore());

const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const idOf = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

/** One managed node as DescribeInstanceInformation lists it. */
function info(id: string, PingStatus: string): InstanceInformation {
  return {
    InstanceId: id,
    PingStatus: PingStatus as InstanceInformation['PingStatus'],
    LastPingDateTime: new Date('2025-06-01T11:59:00Z'),
    AgentVersion: '3.3.1142.0',
    IsLatestVersion: true,
    PlatformType: 'Linux',
    PlatformName: 'Amazon Linux',
    PlatformVersion: '2023',
    ResourceType: 'EC2Instance',
    IPAddress: '172.31.0.10',
    ComputerName: 'ip-172-31-0-10.ec2.internal',
    SourceId: id,
    SourceType: 'AWS::EC2::Instance',
  };
}

/**
 * Systems Manager knowing `nodes`: it answers those an InstanceIds filter names, MaxResults at a time
 * (5 to 50, else ValidationException, as AWS), with a NextToken for the rest.
 */
function ssmKnows(nodes: InstanceInformation[]) {
  ssm.on(DescribeInstanceInformationCommand).callsFake(async (input: DescribeInstanceInformationCommandInput) => {
    const max = input.MaxResults ?? 50;
    if (max < 5 || max > 50) throw awsError('ValidationException', `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`);
    const ids = input.Filters?.find((f) => f.Key === 'InstanceIds')?.Values ?? [];
    if (ids.length > 100) throw awsError('ValidationException', 'Member must have length less than or equal to 100');
    const matching = nodes.filter((n) => ids.includes(n.InstanceId!));
    const from = Number(input.NextToken ?? 0);
    const slice = matching.slice(from, from + max);
    return { InstanceInformationList: slice, ...(from + max < matching.length ? { NextToken: String(from + max) } : {}) };
  });
}

describe('describeSsmStatuses', () => {
  test('maps PingStatus; an id Systems Manager does not list is not-registered', async () => {
    ssmKnows([info(idOf(1), 'Online'), info(idOf(2), 'ConnectionLost'), info(idOf(3), 'Inactive')]);
    const statuses = await describeSsmStatuses(testClients().ssm('us-east-1'), [idOf(1), idOf(2), idOf(3), idOf(4)]);
    expect(Object.fromEntries(statuses)).toEqual({ [idOf(1)]: 'online', [idOf(2)]: 'connection-lost', [idOf(3)]: 'inactive', [idOf(4)]: 'not-registered' });
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)[0]!.args[0].input).toMatchObject({ Filters: [{ Key: 'InstanceIds', Values: [idOf(1), idOf(2), idOf(3), idOf(4)] }], MaxResults: 50 });
  });

  test('51+ instances: batches of at most 50 ids a call', async () => {
    const ids = Array.from({ length: 123 }, (_, i) => idOf(i + 1));
    ssmKnows(ids.map((id) => info(id, 'Online')));
    const statuses = await describeSsmStatuses(testClients().ssm('us-east-1'), ids);
    expect([...statuses.values()].every((s) => s === 'online')).toBe(true);
    expect(statuses.size).toBe(123);
    const sizes = ssm.commandCalls(DescribeInstanceInformationCommand).map((c) => c.args[0].input.Filters![0]!.Values!.length);
    expect(sizes).toEqual([SSM_BATCH, SSM_BATCH, 23]);
  });

  test('hostile answers: an unknown PingStatus is unknown (null), ids not asked about are ignored, a NextToken is followed', async () => {
    ssm.on(DescribeInstanceInformationCommand)
      .resolvesOnce({ InstanceInformationList: [info(idOf(1), 'Rebooting'), info(idOf(99), 'Online')], NextToken: 'more' })
      .resolvesOnce({ InstanceInformationList: [info(idOf(2), 'Online'), { PingStatus: 'Online' }] });
    const statuses = await describeSsmStatuses(testClients().ssm('us-east-1'), [idOf(1), idOf(2)]);
    expect(Object.fromEntries(statuses)).toEqual({ [idOf(1)]: null, [idOf(2)]: 'online' });
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)).toHaveLength(2);
  });

  test('a NextToken that never ends stops after a bounded number of pages', async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [], NextToken: 'again' });
    await describeSsmStatuses(testClients().ssm('us-east-1'), [idOf(1)]);
    expect(ssm.commandCalls(DescribeInstanceInformationCommand).length).toBeLessThanOrEqual(20);
  });
});

describe('the fleet shows the SSM agent', () => {
  const ssmTags = (access: string) => flotillaTags({ [TAG.access]: access });

  test('one batch per region, only for running instances reached over SSM', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(
      describeInstancesFake([
        ec2Instance({ id: idOf(1), tags: ssmTags('ssm') }),
        ec2Instance({ id: idOf(2), tags: ssmTags('both') }),
        ec2Instance({ id: idOf(3), tags: ssmTags('ssh') }),
        ec2Instance({ id: idOf(4), tags: ssmTags('ssm'), state: 'stopped' }),
        ec2Instance({ id: idOf(5) }),
      ]),
    );
    ssmKnows([info(idOf(1), 'Online'), info(idOf(3), 'Online')]);
    const { deps } = testDeps();
    const fleet = await createInstancesService(deps).api.list({});
    const byId = Object.fromEntries(fleet.instances.map((i) => [i.id, i.ssm]));
    expect(byId).toEqual({ [idOf(1)]: 'online', [idOf(2)]: 'not-registered', [idOf(3)]: null, [idOf(4)]: null, [idOf(5)]: null });
    const calls = ssm.commandCalls(DescribeInstanceInformationCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.Filters![0]!.Values).toEqual([idOf(1), idOf(2)]);
  });

  test('no instance reached over SSM: Systems Manager is not asked', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: idOf(1) })]));
    const { deps } = testDeps({ settings: () => testSettings({ regions: ['us-east-1', 'eu-west-1'] }) });
    await createInstancesService(deps).api.list({});
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)).toHaveLength(0);
  });

  test('AccessDenied on DescribeInstanceInformation leaves the status unknown; the region is still listed', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: idOf(1), tags: ssmTags('ssm') })]));
    ssm.on(DescribeInstanceInformationCommand).rejects(
      awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ada is not authorized to perform: ssm:DescribeInstanceInformation', 400),
    );
    const { deps } = testDeps();
    const fleet = await createInstancesService(deps).api.list({});
    expect(fleet.regions).toEqual([{ region: 'us-east-1', ok: true, count: 1 }]);
    expect(fleet.instances[0]!.ssm).toBeNull();
  });

  test('once a launch reached over SSM is ready, its agents are asked about at once (one batch) and the fleet told', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: idOf(1), tags: ssmTags('ssm') }), ec2Instance({ id: idOf(2), tags: ssmTags('ssm') })]));
    ssmKnows([info(idOf(1), 'Online')]);
    const { deps, recorded, clock } = testDeps({ fetch: async () => new Response(null, { status: 200 }) });
    const service = createInstancesService(deps);
    const waiting = service.api.waitReady({ ids: [idOf(1), idOf(2)] });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(0);
    expect((await waiting).map((o) => o.readiness)).toEqual(['ready', 'ready']);
    await vi.waitFor(() => {
      const changed = recorded.events.filter((e) => e.event === 'instances.changed').at(-1)!.payload as { upserted: Array<{ id: string; ssm: unknown }> };
      expect(changed.upserted.map((i) => [i.id, i.ssm])).toEqual([
        [idOf(1), 'online'],
        [idOf(2), 'not-registered'],
      ]);
    });
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)).toHaveLength(1);
    await service.close();
  });

  test("the ready notification's shell action says SSM for an SSM-only instance", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: idOf(1), tags: ssmTags('ssm') })]));
    ssmKnows([info(idOf(1), 'Online')]);
    const { deps, recorded, clock } = testDeps({ fetch: async () => new Response(null, { status: 200 }) });
    const service = createInstancesService(deps);
    const waiting = service.api.waitReady({ ids: [idOf(1)] });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(0);
    await waiting;
    expect(recorded.notifications.at(-1)!.actions!.map((a) => a.label)).toEqual(['Open', 'Open shell (SSM)']);
    await service.close();
  });

  test('get asks about the one instance; the sweep’s listing carries the status too', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: idOf(1), tags: ssmTags('ssm') })]));
    ssmKnows([info(idOf(1), 'ConnectionLost')]);
    const { deps, recorded } = testDeps();
    const api = createInstancesService(deps).api;
    expect((await api.get({ id: idOf(1) })).ssm).toBe('connection-lost');
    await api.sweep({});
    const listed = recorded.events.filter((e) => e.event === 'instances.listed').at(-1)!.payload as { instances: Array<{ ssm: unknown }> };
    expect(listed.instances.map((i) => i.ssm)).toEqual(['connection-lost']);
  });
});
