import { CreateSecurityGroupCommand, DeleteSecurityGroupCommand, DescribeImagesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { describeInstancesFake, dryRunThen as dryRunThenOn, ec2Error, GROUP_ID, mockedAws, realRuns as realRunsOf, startedInstances, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const realRuns = () => realRunsOf(ec2);
const dryRunThen = (real: (input: RunInstancesCommandInput, call: number) => Promise<unknown>) => dryRunThenOn(ec2, real);

describe('launch', () => {
  test('N instances in one RunInstances call, in a security group made for the launch', async () => {
    const { deps, recorded } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, count: 3 });
    await service.close();
    expect(realRuns()).toHaveLength(1);
    expect(realRuns()[0]).toMatchObject({ MinCount: 1, MaxCount: 3, ClientToken: 'fl-0000000000aa-1', SecurityGroupIds: [GROUP_ID] });
    expect(realRuns()[0]!.TagSpecifications![0]!.Tags).toContainEqual({ Key: 'flotilla:security-group', Value: GROUP_ID });
    expect(result).toMatchObject({ launchId: 'fl-0000000000aa', region: 'us-east-1', requested: 3, failures: [], securityGroupId: GROUP_ID, securityGroupCreated: true });
    expect(result.instances.map((i) => [i.id, i.state, i.readiness, i.branch, i.expiresAt])).toEqual([
      ['i-00000000000000001', 'pending', 'pending', 'feature-x', '2025-06-02T12:00:00.000Z'],
      ['i-00000000000000002', 'pending', 'pending', 'feature-x', '2025-06-02T12:00:00.000Z'],
      ['i-00000000000000003', 'pending', 'pending', 'feature-x', '2025-06-02T12:00:00.000Z'],
    ]);
    expect(result.instances[0]!.projectedCost).toBeCloseTo(0.4992);
    expect(recorded.events.find((e) => e.event === 'instances.changed')!.payload).toMatchObject({ upserted: expect.arrayContaining([expect.objectContaining({ id: 'i-00000000000000001' })]) });
  });

  test('an existing security group is used as it is', async () => {
    const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] }] });
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, securityGroupId: 'sg-0123456789abcdef0' });
    await service.close();
    expect(ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(result).toMatchObject({ securityGroupId: 'sg-0123456789abcdef0', securityGroupCreated: false });
    expect(realRuns()[0]!.TagSpecifications![0]!.Tags!.some((t) => t.Key === 'flotilla:security-group')).toBe(false);
  });

  test('fewer than N started: keeps them, and says which failed and why', async () => {
    dryRunThen(async (request, call) => {
      if (call === 1) return { Instances: startedInstances(request, 2) };
      throw ec2Error('InsufficientInstanceCapacity', 'We currently do not have sufficient t3.small capacity in the Availability Zone you requested (us-east-1a).', 500);
    });
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, count: 5 });
    await service.close();
    expect(result.instances).toHaveLength(2);
    expect(result.failures).toEqual([
      {
        count: 3,
        code: 'InsufficientInstanceCapacity',
        message: expect.stringMatching(/^We currently do not have sufficient t3\.small capacity .* try again in a few minutes, or another instance type or region\.$/),
      },
    ]);
    expect(realRuns().map((r) => [r.MinCount, r.MaxCount, r.ClientToken])).toEqual([
      [1, 5, 'fl-0000000000aa-1'],
      [1, 3, 'fl-0000000000aa-2'],
    ]);
  });

  test('none started: the error carries the failures, and the group is removed again', async () => {
    dryRunThen(async () => {
      throw ec2Error('VcpuLimitExceeded', 'You have requested more vCPU capacity than your current vCPU limit of 32 allows.');
    });
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const error = await service.api.launch({ ...input, count: 2 }).catch((e) => e);
    await service.close();
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/^EC2 started none of the 2 instances of web: VcpuLimitExceeded: You have requested .* request a quota increase/);
    expect(error.data).toEqual({ launchId: 'fl-0000000000aa', failures: [expect.objectContaining({ count: 2, code: 'VcpuLimitExceeded' })] });
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)[0]!.args[0].input).toEqual({ GroupId: GROUP_ID });
  });

  test('a throttled RunInstances is retried with the same ClientToken, so it never launches twice', async () => {
    dryRunThen(async (request, call) => {
      if (call === 1) throw ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503);
      return { Instances: startedInstances(request, 1) };
    });
    const { deps, clock } = testDeps();
    const service = createInstancesService(deps);
    const result = await clock.run(service.api.launch(input));
    await service.close();
    expect(result.instances).toHaveLength(1);
    expect(realRuns().map((r) => r.ClientToken)).toEqual(['fl-0000000000aa-1', 'fl-0000000000aa-1']);
  });

  test('a failed pre-flight launches nothing and returns the checklist', async () => {
    ec2.on(DescribeImagesCommand).rejects(ec2Error('InvalidAMIID.NotFound', 'does not exist'));
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const error = await service.api.launch(input).catch((e) => e);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/^Pre-flight failed, nothing was launched\. Image exists in the region: AMI ami-0123456789abcdef0 does not exist in us-east-1/);
    expect(error.data.preflight.items.find((i: { id: string }) => i.id === 'image').status).toBe('fail');
    expect(ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(realRuns()).toHaveLength(0);
  });

  test('a project id that does not exist is not-found', async () => {
    const { deps } = testDeps();
    await expect(createInstancesService(deps).api.launch({ ...input, project: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('launch retried with the same launch id', () => {
  test('IdempotentParameterMismatch answers the instances the first attempt started', async () => {
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const { ec2Instance, flotillaTags } = await import('./instances.test-helpers');
    dryRunThen(async () => {
      throw ec2Error('IdempotentParameterMismatch', 'The client token you have provided is associated with a resource that is already deleted or has different parameters.');
    });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-00000000000000009', tags: flotillaTags({ 'flotilla:launch-id': 'fl-retry-0001' }) })]));
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, launchId: 'fl-retry-0001' });
    await service.close();
    expect(result.instances.map((i) => i.id)).toEqual(['i-00000000000000009']);
    expect(result.failures).toEqual([]);
    expect(realRuns()).toHaveLength(1);
  });
});
