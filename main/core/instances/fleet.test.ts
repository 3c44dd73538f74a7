import { DescribeInstancesCommand, type Filter, type Instance } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesAnswer, describeInstancesFake, ec2Error, ec2Instance, flotillaTags, ME, mockedAws, T0, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();

describe('list', () => {
  test('the fleet from EC2 tags across regions, paginated, with costs and the caller', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (input: { Filters?: Filter[]; NextToken?: string }, getClient) => {
      const region = await getClient().config.region();
      const filtered = (instances: Instance[]) => describeInstancesAnswer(instances, { Filters: input.Filters });
      if (region === 'eu-west-1') return filtered([ec2Instance({ id: 'i-0000000000000000e', type: 'm7g.large', tags: flotillaTags({ [TAG.owner]: 'arn:aws:iam::1:user/bob', [TAG.expiresAt]: 'never' }) })]);
      // Two pages in us-east-1 (EC2 may end a page early), each filtered as EC2 would.
      if (!input.NextToken) return { ...filtered([ec2Instance({ id: 'i-00000000000000001', launchedAt: T0 - 7_200_000 })]), NextToken: 'next' };
      return filtered([ec2Instance({ id: 'i-00000000000000002', state: 'pending', launchedAt: T0 - 60_000 })]);
    });
    const { deps } = testDeps({ settings: () => testSettings({ regions: ['us-east-1', 'eu-west-1'] }) });
    const fleet = await createInstancesService(deps).api.list({});
    expect(fleet.me).toBe(ME);
    expect(fleet.regions).toEqual([
      { region: 'us-east-1', ok: true, count: 2 },
      { region: 'eu-west-1', ok: true, count: 1 },
    ]);
    expect(fleet.instances.map((i) => i.id)).toEqual(['i-00000000000000002', 'i-0000000000000000e', 'i-00000000000000001']);
    const first = fleet.instances.find((i) => i.id === 'i-00000000000000001')!;
    expect(first).toMatchObject({
      region: 'us-east-1',
      name: 'web/feature-x',
      project: 'web',
      branch: 'feature-x',
      gitUser: 'octocat',
      owner: ME,
      state: 'running',
      readiness: 'unknown',
      publicDns: 'ec2-203-0-113-10.compute-1.amazonaws.com',
      publicIp: '203.0.113.10',
      readyUrl: 'http://ec2-203-0-113-10.compute-1.amazonaws.com:8080/health',
      launchedAt: '2025-06-01T10:00:00.000Z',
      expiresAt: '2025-06-02T12:00:00.000Z',
      pinned: false,
      instanceType: 't3.small',
      tags: { env: 'dev' },
      hourlyPrice: 0.0208,
      costSoFar: 0.0416,
      projectedCost: 0.5408,
    });
    expect(fleet.instances.find((i) => i.id === 'i-0000000000000000e')).toMatchObject({ pinned: true, expiresAt: null, projectedCost: null, hourlyPrice: 0.0907 });
    expect(fleet.totals).toEqual({ hourly: 0.1323, soFar: expect.any(Number), projected: 1.04, unpriced: 1 });
    expect(fleet.pricesTakenAt).toBe('2025-06-01');
  });

  test('only live instances of Flotilla projects: the filters, not the caller, leave out the rest', async () => {
    // EC2 still lists an instance for up to an hour after it terminated, and every instance in the account.
    ec2.on(DescribeInstancesCommand).callsFake(
      describeInstancesFake([
        ec2Instance({ id: 'i-00000000000000001' }),
        ec2Instance({ id: 'i-00000000000000002', state: 'stopped' }),
        ec2Instance({ id: 'i-00000000000000003', state: 'terminated' }),
        ec2Instance({ id: 'i-00000000000000004', state: 'shutting-down' }),
        ec2Instance({ id: 'i-00000000000000005', tags: { Name: 'prod-db' } }),
      ]),
    );
    const { deps } = testDeps();
    const fleet = await createInstancesService(deps).api.list({});
    expect(fleet.instances.map((i) => [i.id, i.state])).toEqual([
      ['i-00000000000000001', 'running'],
      ['i-00000000000000002', 'stopped'],
    ]);
  });

  test('a region that fails is reported; the others are listed', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      if ((await getClient().config.region()) === 'ap-southeast-1') throw ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      return describeInstancesAnswer([ec2Instance({ tags: flotillaTags({ [TAG.readyAt]: '2025-06-01T11:00:00Z' }) })], input);
    });
    const { deps } = testDeps({ settings: () => testSettings({ regions: ['us-east-1', 'ap-southeast-1'] }) });
    const fleet = await createInstancesService(deps).api.list({});
    expect(fleet.instances).toHaveLength(1);
    expect(fleet.instances[0]!.readiness).toBe('ready');
    expect(fleet.regions[1]).toMatchObject({ region: 'ap-southeast-1', ok: false, error: expect.stringContaining('AuthFailure') });
  });

  test('get finds one instance; an unknown id is not-found', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([]));
    const { deps } = testDeps();
    await expect(createInstancesService(deps).api.get({ id: 'i-0123456789abcdef0' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
