import { DescribeSpotPriceHistoryCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { dryRunThen, ec2Error, mockedAws, realRuns, startedInstances, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const SPOT = { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } };
// What EC2 answers when a zone has no Spot capacity for the type (errors-overview: InsufficientInstanceCapacity).
const noSpotCapacity = () => ec2Error('InsufficientInstanceCapacity', 'There is no Spot capacity available that matches your request.', 500);

async function launch(extra: Record<string, unknown>) {
  const { deps } = testDeps();
  const service = createInstancesService(deps);
  try {
    return await service.api.launch({ ...input, ...extra });
  } finally {
    await service.close();
  }
}

describe('launch with a market', () => {
  test('spot: one RunInstances with one-time Spot market options, terminated on interruption; every instance is Spot', async () => {
    const result = await launch({ count: 2, market: 'spot' });
    expect(realRuns(ec2)).toHaveLength(1);
    expect(realRuns(ec2)[0]).toMatchObject({ MinCount: 1, MaxCount: 2, InstanceMarketOptions: SPOT });
    expect(result.plan.market).toBe('spot');
    expect(result.instances.map((i) => i.market)).toEqual(['spot', 'spot']);
    expect(result.markets).toEqual([
      { id: 'i-00000000000000001', market: 'spot', fallback: null },
      { id: 'i-00000000000000002', market: 'spot', fallback: null },
    ]);
  });

  test('on-demand (the default): no market options, and the dry run has none either', async () => {
    const result = await launch({});
    expect(ec2.commandCalls((await import('@aws-sdk/client-ec2')).RunInstancesCommand).every((c) => c.args[0].input.InstanceMarketOptions === undefined)).toBe(true);
    expect(result.markets).toEqual([{ id: 'i-00000000000000001', market: 'on-demand', fallback: null }]);
    expect(ec2.commandCalls(DescribeSpotPriceHistoryCommand)).toHaveLength(0);
  });

  test('spot-or-on-demand: Spot refused for capacity, the same count starts on-demand, and each says why', async () => {
    dryRunThen(ec2, async (request, call) => {
      if (call === 1) throw noSpotCapacity();
      return { Instances: startedInstances(request, request.MaxCount!, 5) };
    });
    const result = await launch({ count: 2, market: 'spot-or-on-demand' });
    expect(realRuns(ec2).map((r) => [r.MinCount, r.MaxCount, r.ClientToken, r.InstanceMarketOptions?.MarketType ?? 'on-demand'])).toEqual([
      [1, 2, 'fl-0000000000aa-1', 'spot'],
      [1, 2, 'fl-0000000000aa-3', 'on-demand'],
    ]);
    expect(result.failures).toEqual([]);
    expect(result.instances.map((i) => [i.id, i.market])).toEqual([['i-00000000000000005', 'on-demand'], ['i-00000000000000006', 'on-demand']]);
    expect(result.markets.map((m) => [m.id, m.market, m.fallback?.code])).toEqual([
      ['i-00000000000000005', 'on-demand', 'InsufficientInstanceCapacity'],
      ['i-00000000000000006', 'on-demand', 'InsufficientInstanceCapacity'],
    ]);
    expect(result.markets[0]!.fallback!.message).toMatch(/^There is no Spot capacity available/);
  });

  test('spot-or-on-demand, partial: Spot starts 1 of 3, refuses the rest, and the other 2 start on-demand', async () => {
    dryRunThen(ec2, async (request, call) => {
      if (call === 1) return { Instances: startedInstances(request, 1, 1) };
      if (call === 2) throw ec2Error('MaxSpotInstanceCountExceeded', 'Max spot instance count exceeded');
      return { Instances: startedInstances(request, request.MaxCount!, 7) };
    });
    const result = await launch({ count: 3, market: 'spot-or-on-demand' });
    expect(realRuns(ec2).map((r) => [r.MaxCount, r.ClientToken, r.InstanceMarketOptions?.MarketType ?? 'on-demand'])).toEqual([
      [3, 'fl-0000000000aa-1', 'spot'],
      [2, 'fl-0000000000aa-2', 'spot'],
      [2, 'fl-0000000000aa-4', 'on-demand'],
    ]);
    expect(result.failures).toEqual([]);
    expect(result.markets.map((m) => [m.id, m.market, m.fallback?.code ?? null])).toEqual([
      ['i-00000000000000001', 'spot', null],
      ['i-00000000000000007', 'on-demand', 'MaxSpotInstanceCountExceeded'],
      ['i-00000000000000008', 'on-demand', 'MaxSpotInstanceCountExceeded'],
    ]);
  });

  test('spot-or-on-demand: a refusal that is not about Spot (a bad parameter) does not fall back', async () => {
    dryRunThen(ec2, async () => {
      throw ec2Error('InvalidParameterCombination', 'The parameter combination is not supported.');
    });
    const error = await launch({ market: 'spot-or-on-demand' }).catch((e) => e);
    expect(error.code).toBe('invalid-input');
    expect(realRuns(ec2)).toHaveLength(1);
  });

  test('spot-or-on-demand: when on-demand fails too, its failure is the one reported', async () => {
    dryRunThen(ec2, async (_request, call) => {
      throw call === 1 ? noSpotCapacity() : ec2Error('VcpuLimitExceeded', 'You have requested more vCPU capacity than your current vCPU limit of 32 allows.');
    });
    const error = await launch({ market: 'spot-or-on-demand' }).catch((e) => e);
    expect(error.message).toMatch(/^EC2 started none of the 1 instance of web: VcpuLimitExceeded/);
    expect(error.data.failures.map((f: { code: string }) => f.code)).toEqual(['VcpuLimitExceeded']);
  });

  test('spot alone: the refusal is the error, and it says how to get instances anyway; nothing on-demand', async () => {
    dryRunThen(ec2, async () => {
      throw noSpotCapacity();
    });
    const error = await launch({ count: 2, market: 'spot' }).catch((e) => e);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/^EC2 started none of the 2 instances of web: InsufficientInstanceCapacity: There is no Spot capacity .* market spot-or-on-demand to fall back to on-demand, or try another instance type or region\.$/);
    expect(realRuns(ec2)).toHaveLength(1);
  });

  test("the project's market applies unless the launch gives one, and the resolution says which", async () => {
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    expect((await service.api.resolveLaunch({ project: 'web' })).market).toEqual({ value: 'on-demand', source: 'template' });
    expect((await service.api.resolveLaunch({ project: 'web', market: 'spot' })).market).toEqual({ value: 'spot', source: 'launch' });
    const bad = await service.api.resolveLaunch({ project: 'web', market: 'cheap' as never });
    expect(bad.problems).toContainEqual({ field: 'market', message: "must be on-demand, spot or spot-or-on-demand, not 'cheap'" });
    await service.close();
  });
});

describe('pre-flight with a Spot market', () => {
  test('warns when the region lists no Spot price for the type (no Spot offering), asking with start and end now', async () => {
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ NextToken: '', SpotPriceHistory: [] });
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.preflight({ ...input, market: 'spot' });
    await service.close();
    const item = result.items.find((i) => i.id === 'instance-type')!;
    expect(item.status).toBe('warn');
    expect(item.message).toMatch(/t3\.small is offered in us-east-1\. EC2 lists no Spot price for t3\.small in us-east-1 .* use market spot-or-on-demand or on-demand\.$/);
    const asked = ec2.commandCalls(DescribeSpotPriceHistoryCommand)[0]!.args[0].input;
    expect(asked).toMatchObject({ InstanceTypes: ['t3.small'], ProductDescriptions: ['Linux/UNIX'], MaxResults: 5 });
    expect(asked.StartTime).toEqual(asked.EndTime);
  });

  test('passes when there is a Spot price; a failing price call is no warning', async () => {
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    expect((await service.api.preflight({ ...input, market: 'spot-or-on-demand' })).items.find((i) => i.id === 'instance-type')!.status).toBe('pass');
    ec2.on(DescribeSpotPriceHistoryCommand).rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    expect((await service.api.preflight({ ...input, market: 'spot' })).items.find((i) => i.id === 'instance-type')!.status).toBe('pass');
    await service.close();
  });
});

describe("the account's first Spot launch without the Spot service-linked role", () => {
  const refuse = () =>
    dryRunThen(ec2, async (request, call) => {
      if (call === 1) throw ec2Error('AuthFailure.ServiceLinkedRoleCreationNotPermitted', 'The provided credentials do not have permission to create the service-linked role for EC2 Spot Instances.', 403);
      return { Instances: startedInstances(request, request.MaxCount!, 3) };
    });

  test('spot: the error says how an administrator creates the role', async () => {
    refuse();
    const error = await launch({ market: 'spot' }).catch((e) => e);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/AuthFailure\.ServiceLinkedRoleCreationNotPermitted: .* 'aws iam create-service-linked-role --aws-service-name spot\.amazonaws\.com'/);
  });

  test('spot-or-on-demand: on-demand instead, saying why', async () => {
    refuse();
    const result = await launch({ market: 'spot-or-on-demand' });
    expect(result.markets).toEqual([{ id: 'i-00000000000000003', market: 'on-demand', fallback: { code: 'AuthFailure.ServiceLinkedRoleCreationNotPermitted', message: expect.stringContaining('AWSServiceRoleForEC2Spot') } }]);
  });
});
