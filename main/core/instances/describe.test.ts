import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describeInstances, fleetFilters, locateOne } from './describe';
import { describeInstancesFake, ec2Instance, ec2Throttled, FakeClock, page, testClients } from './instances.test-helpers';

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());
afterAll(() => ec2Mock.restore());

describe('describeInstances', () => {
  const ec2 = new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

  test('follows NextToken, 1000 a page', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce(page([ec2Instance({ id: 'i-00000000000000001' })], 'token-2'))
      .resolvesOnce(page([ec2Instance({ id: 'i-00000000000000002' }), ec2Instance({ id: 'i-00000000000000003' })]));
    const found = await describeInstances(ec2, fleetFilters(), { clock: new FakeClock() });
    expect(found.map((i) => i.InstanceId)).toEqual(['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003']);
    const calls = ec2Mock.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      Filters: [
        { Name: 'tag-key', Values: ['flotilla:project'] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
      MaxResults: 1000,
    });
    expect(calls[1]).toMatchObject({ NextToken: 'token-2', MaxResults: 1000 });
  });

  test('throttling, then success', async () => {
    const clock = new FakeClock();
    ec2Mock.on(DescribeInstancesCommand).rejectsOnce(ec2Throttled()).callsFake(describeInstancesFake([ec2Instance()]));
    expect(await clock.run(describeInstances(ec2, fleetFilters(), { clock, random: () => 0.5 }))).toHaveLength(1);
    expect(ec2Mock.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
  });
});

describe('locateOne', () => {
  test('looks in every region with the instance-id filter, and says where it looked', async () => {
    // Each region holds an instance; only eu-west-1 holds the one asked for.
    ec2Mock.on(DescribeInstancesCommand).callsFake(describeInstancesFake((region) => [ec2Instance({ id: region === 'eu-west-1' ? 'i-0123456789abcdef0' : 'i-0123456789abcdef9' })]));
    const clients = testClients();
    const found = await locateOne(clients, ['us-east-1', 'eu-west-1'], 'i-0123456789abcdef0', { clock: new FakeClock() });
    expect(found.region).toBe('eu-west-1');
    expect(ec2Mock.commandCalls(DescribeInstancesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'instance-id', Values: ['i-0123456789abcdef0'] }]);
    await expect(locateOne(clients, ['us-east-1'], 'i-0123456789abcdef1', { clock: new FakeClock() })).rejects.toThrow(
      'No instance i-0123456789abcdef1 in us-east-1. Check the id, or add its region in Settings → AWS regions.',
    );
    await expect(locateOne(clients, ['us-east-1'], 'web-1', { clock: new FakeClock() })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
