import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from '../../core/instances/service';
import { describeInstancesFake, dryRunThen, ec2Error, ec2Instance, flotillaTags, mockedAws, realRuns, startedInstances, testDeps } from '../../core/instances/instances.test-helpers';
import type { Output } from '../context';
import { launchCommand } from './instances-launch';
import { lsCommand } from './instances-ls';

const { ec2 } = mockedAws();

async function run(argv: string[]) {
  ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([]));
  const service = createInstancesService(testDeps().deps);
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  try {
    return { code: await launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x', ...argv], io), out, err };
  } finally {
    await service.close();
  }
}

describe('flotilla launch --market', () => {
  test('spot-or-on-demand: each instance says how it was bought, and the fallback says why', async () => {
    dryRunThen(ec2, async (request, call) => {
      if (call === 1) return { Instances: startedInstances(request, 1, 1) };
      if (call === 2) throw ec2Error('InsufficientInstanceCapacity', 'There is no Spot capacity available that matches your request.', 500);
      return { Instances: startedInstances(request, 1, 2) };
    });
    const { code, out } = await run(['--count', '2', '--market', 'spot-or-on-demand']);
    expect(code).toBe(0);
    expect(out).toContain('  i-00000000000000001  t3.small  pending  spot');
    expect(out).toContain('  i-00000000000000002  t3.small  pending  on-demand (Spot refused: InsufficientInstanceCapacity)');
    expect(out).toContain('1 started on-demand instead of Spot: InsufficientInstanceCapacity: There is no Spot capacity available that matches your request. AWS has no spare capacity for this type there right now; try again in a few minutes, or another instance type or region.');
    expect(realRuns(ec2)[0]!.InstanceMarketOptions?.MarketType).toBe('spot');
  });

  test('an unknown market is bad usage (exit 2), before any AWS call', async () => {
    const { code, err } = await run(['--market', 'cheap']);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/--market must be on-demand, spot, spot-or-on-demand, not 'cheap'\./);
    expect(realRuns(ec2)).toEqual([]);
  });
});

describe('flotilla ls', () => {
  test('names each instance EC2 is interrupting for Spot, after the table', async () => {
    const spot = { ...ec2Instance({ id: 'i-0000000000000000a', tags: flotillaTags({ 'flotilla:interruption': '2025-06-01T12:02:00Z' }) }), InstanceLifecycle: 'spot' as const };
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([spot, ec2Instance({ id: 'i-0000000000000000b' })]));
    const service = createInstancesService(testDeps().deps);
    const out: string[] = [];
    const io: Output = { out: (t) => void out.push(t), err: () => {} };
    expect(await lsCommand(service.api, [], io)).toBe(0);
    await service.close();
    expect(out.filter((line) => line.includes('Spot interruption'))).toEqual(['i-0000000000000000a: Spot interruption at 2025-06-01T12:02:00.000Z; EC2 is reclaiming it.']);
  });
});
