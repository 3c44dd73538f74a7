import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { allowsTcpPort, checkSecurityGroup, createLaunchGroup, deleteGroupWhenFree } from './security-group';
import { ec2Error, FakeClock, silentLogger } from './instances.test-helpers';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
afterEach(() => ec2Mock.reset());
afterAll(() => ec2Mock.restore());

const tcp = (from: number, to: number, cidr = '10.0.0.0/8') => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, IpRanges: [{ CidrIp: cidr }] });

describe('allowsTcpPort', () => {
  test('tcp ranges, all protocols, and rules without a source', () => {
    expect(allowsTcpPort([tcp(22, 22), tcp(3000, 3100)], 3000)).toBe(true);
    expect(allowsTcpPort([tcp(22, 22)], 3000)).toBe(false);
    expect(allowsTcpPort([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 8080)).toBe(true);
    expect(allowsTcpPort([{ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }], 80)).toBe(false);
    expect(allowsTcpPort([{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }], 80)).toBe(false);
  });
});

describe('checkSecurityGroup', () => {
  const ctx = { clock: new FakeClock() };
  test('passes, fails on the ready port, warns without 22', async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-12345678', IpPermissions: [tcp(22, 22), tcp(3000, 3000)] }] })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-12345678', IpPermissions: [tcp(22, 22)] }] })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-12345678', IpPermissions: [tcp(3000, 3000)] }] });
    expect(await checkSecurityGroup(ec2, 'sg-12345678', 3000, 'us-east-1', ctx)).toEqual({ status: 'pass', message: 'Security group sg-12345678 allows inbound TCP 3000 and 22.' });
    const closed = await checkSecurityGroup(ec2, 'sg-12345678', 3000, 'us-east-1', ctx);
    expect(closed.status).toBe('fail');
    expect(closed.message).toContain('does not allow inbound TCP 3000');
    expect(closed.message).toContain('aws ec2 authorize-security-group-ingress --region us-east-1 --group-id sg-12345678 --protocol tcp --port 3000');
    expect((await checkSecurityGroup(ec2, 'sg-12345678', 3000, 'us-east-1', ctx)).status).toBe('warn');
  });

  test('a group from another region is a failure that says so', async () => {
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(ec2Error('InvalidGroup.NotFound', "The security group 'sg-12345678' does not exist"));
    const result = await checkSecurityGroup(ec2, 'sg-12345678', 80, 'us-east-1', ctx);
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('does not exist in us-east-1') });
  });
});

describe('createLaunchGroup', () => {
  const input = { launchId: 'fl-0000000000aa', project: 'web', cidr: '198.51.100.7/32', ports: [22, 8080], now: new Date('2025-06-01T12:00:00Z') };

  test('creates a tagged group and opens the ports to the CIDR only', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0aaaaaaaaaaaaaaaa' });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    expect(await createLaunchGroup(ec2, input, { clock: new FakeClock() })).toBe('sg-0aaaaaaaaaaaaaaaa');
    const create = ec2Mock.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
    expect(create.GroupName).toBe('flotilla-fl-0000000000aa');
    expect(create.TagSpecifications![0]!.Tags).toEqual(
      expect.arrayContaining([{ Key: 'flotilla:launch-id', Value: 'fl-0000000000aa' }, { Key: 'flotilla:created-at', Value: '2025-06-01T12:00:00Z' }]),
    );
    const rules = ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0]!.args[0].input.IpPermissions!;
    expect(rules.map((r) => [r.FromPort, r.ToPort, r.IpRanges![0]!.CidrIp])).toEqual([
      [22, 22, '198.51.100.7/32'],
      [8080, 8080, '198.51.100.7/32'],
    ]);
  });

  test('a retried launch finds the group it already made', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).rejects(ec2Error('InvalidGroup.Duplicate', "The security group 'flotilla-fl-0000000000aa' already exists"));
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0bbbbbbbbbbbbbbbb', Tags: [{ Key: 'flotilla:launch-id', Value: 'fl-0000000000aa' }] }] });
    expect(await createLaunchGroup(ec2, input, { clock: new FakeClock() })).toBe('sg-0bbbbbbbbbbbbbbbb');
    expect(ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
  });

  test('if the ports cannot be opened, the group is removed again', async () => {
    ec2Mock.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0aaaaaaaaaaaaaaaa' });
    ec2Mock.on(AuthorizeSecurityGroupIngressCommand).rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    await expect(createLaunchGroup(ec2, input, { clock: new FakeClock() })).rejects.toMatchObject({ code: 'forbidden' });
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
  });
});

describe('deleteGroupWhenFree', () => {
  test('retries DependencyViolation with growing waits until the group is free', async () => {
    const clock = new FakeClock();
    ec2Mock.on(DeleteSecurityGroupCommand)
      .rejectsOnce(ec2Error('DependencyViolation', 'resource sg-0aaaaaaaaaaaaaaaa has a dependent object'))
      .rejectsOnce(ec2Error('DependencyViolation', 'resource sg-0aaaaaaaaaaaaaaaa has a dependent object'))
      .resolves({});
    const done = deleteGroupWhenFree(ec2, 'sg-0aaaaaaaaaaaaaaaa', { clock, logger: silentLogger, retryMs: 10_000, random: () => 1 });
    await clock.advance(9_999);
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
    await clock.advance(1);
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(2);
    await clock.advance(20_000);
    expect(await done).toBe('deleted');
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(3);
  });

  test('a group already gone counts as deleted; other errors give up', async () => {
    const clock = new FakeClock();
    ec2Mock.on(DeleteSecurityGroupCommand).rejectsOnce(ec2Error('InvalidGroup.NotFound')).rejects(ec2Error('UnauthorizedOperation'));
    expect(await deleteGroupWhenFree(ec2, 'sg-1', { clock, logger: silentLogger, retryMs: 1 })).toBe('deleted');
    expect(await deleteGroupWhenFree(ec2, 'sg-1', { clock, logger: silentLogger, retryMs: 1 })).toBe('failed');
  });

  test('stops waiting when aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    ec2Mock.on(DeleteSecurityGroupCommand).rejects(ec2Error('DependencyViolation'));
    const done = deleteGroupWhenFree(ec2, 'sg-1', { clock, logger: silentLogger, retryMs: 10_000, signal: controller.signal });
    await clock.advance(0);
    controller.abort();
    expect(await done).toBe('failed');
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
  });
});
