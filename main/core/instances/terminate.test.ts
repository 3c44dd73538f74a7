import { DeleteSecurityGroupCommand, DescribeInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesFake, ec2Error, ec2Instance, flotillaTags, GROUP_ID, mockedAws, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();
beforeEach(() => {
  ec2.on(TerminateInstancesCommand).callsFake(async (input: { InstanceIds: string[] }) => ({
    TerminatingInstances: input.InstanceIds.map((id) => ({ InstanceId: id, PreviousState: { Code: 16, Name: 'running' }, CurrentState: { Code: 32, Name: 'shutting-down' } })),
  }));
});

const ours = ec2Instance({ id: 'i-00000000000000001', tags: flotillaTags({ [TAG.securityGroup]: GROUP_ID }) });
const sibling = ec2Instance({ id: 'i-00000000000000002', tags: flotillaTags({ [TAG.securityGroup]: GROUP_ID }) });
const foreign = ec2Instance({ id: 'i-00000000000000003', tags: { Name: 'prod-db' } });

describe('terminate', () => {
  test('refuses what Flotilla did not launch, unknown ids and bad ids; terminates the rest', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ours, sibling, foreign]));
    const { deps, recorded } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.terminate({ ids: ['i-00000000000000001', 'i-00000000000000003', 'i-0000000000000000f', 'web-1'] });
    await service.close();
    expect(ec2.commandCalls(TerminateInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-00000000000000001']]);
    expect(result.terminated).toEqual([{ id: 'i-00000000000000001', region: 'us-east-1', previousState: 'running' }]);
    expect(result.refused).toEqual([
      { id: 'web-1', reason: "'web-1' is not an instance id (i- followed by 8 or 17 hex digits)" },
      { id: 'i-00000000000000003', reason: 'i-00000000000000003 was not launched by Flotilla (no flotilla:project/flotilla:launch-id tags); Flotilla only terminates its own instances' },
      { id: 'i-0000000000000000f', reason: 'no instance i-0000000000000000f in us-east-1' },
    ]);
    // Its sibling from the same launch still runs: the group stays.
    expect(result.securityGroups).toEqual([{ id: GROUP_ID, region: 'us-east-1', status: 'kept' }]);
    expect(recorded.events.find((e) => e.event === 'instances.terminated')!.payload).toEqual({ instances: [{ id: 'i-00000000000000001', region: 'us-east-1' }], reason: 'requested' });
  });

  test("the launch's last instance: its group is deleted once free, retrying DependencyViolation", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ours]));
    ec2.on(DeleteSecurityGroupCommand).rejectsOnce(ec2Error('DependencyViolation', 'resource has a dependent object')).resolves({});
    const { deps, clock } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.terminate({ ids: ['i-00000000000000001'], region: 'us-east-1' });
    expect(result.securityGroups).toEqual([{ id: GROUP_ID, region: 'us-east-1', status: 'scheduled' }]);
    await clock.advance(0);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
    await clock.advance(15_000);
    expect(ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(2);
    await service.close();
  });

  test('stop gives up waiting for a busy group (the sweeper removes it later)', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ours]));
    ec2.on(DeleteSecurityGroupCommand).rejects(ec2Error('DependencyViolation', 'busy'));
    const { deps, clock } = testDeps();
    const service = createInstancesService(deps);
    await service.api.terminate({ ids: ['i-00000000000000001'] });
    await clock.advance(0);
    await service.close();
    expect(clock.pending()).toBe(0);
  });
});
