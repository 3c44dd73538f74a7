import { toInstanceDto, readinessOf } from './instance-dto';
import { ec2Instance, flotillaTags, silentLogger, T0 } from './instances.test-helpers';
import { createPriceBook } from '../prices/price-book';
import { emptyCache } from '../prices/price-cache';

describe('toInstanceDto', () => {
  const now = new Date(T0);
  test('a stopped instance costs up to when it stopped', () => {
    const stopped = { ...ec2Instance({ state: 'stopped', launchedAt: T0 - 3 * 3_600_000 }), StateTransitionReason: 'User initiated (2025-06-01 10:00:00 GMT)' };
    const dto = toInstanceDto(stopped, 'us-east-1', { now });
    expect(dto).toMatchObject({ state: 'stopped', readiness: 'stopped', publicDns: null, readyUrl: null, costSoFar: 0.0208 });
  });

  test('readiness: EC2 state first, then the tracker, then the ready tag', () => {
    expect(readinessOf(ec2Instance({ state: 'pending' }), 'ready')).toBe('pending');
    expect(readinessOf(ec2Instance({ state: 'stopping' }))).toBe('stopped');
    expect(readinessOf(ec2Instance(), 'addressed')).toBe('addressed');
    expect(readinessOf(ec2Instance({ dns: '', ip: '' }))).toBe('running');
    expect(readinessOf(ec2Instance())).toBe('unknown');
  });

  test('an unknown type has no price, and costs stay null', () => {
    expect(toInstanceDto(ec2Instance({ type: 'x9.huge' }), 'us-east-1', { now })).toMatchObject({ hourlyPrice: null, costSoFar: null, projectedCost: null, priceSource: null });
  });

  test('the price and its source come from the price book: on-demand, or Spot in the instance\'s zone', () => {
    expect(toInstanceDto(ec2Instance(), 'us-east-1', { now })).toMatchObject({ hourlyPrice: 0.0208, priceSource: { source: 'shipped', asOf: '2025-06-01' } });
    const cache = emptyCache();
    const asOf = '2025-06-01T08:00:00.000Z';
    cache.spot.set('us-east-1 t3.small', { zones: { 'us-east-1a': 0.0062, 'us-east-1b': 0.0071 }, asOf });
    const prices = createPriceBook({ clock: { now: () => now, setTimeout: () => () => {} }, logger: silentLogger }, cache);
    const spot = { ...ec2Instance(), InstanceLifecycle: 'spot' as const, Placement: { AvailabilityZone: 'us-east-1b' } };
    expect(toInstanceDto(spot, 'us-east-1', { now, prices })).toMatchObject({ market: 'spot', hourlyPrice: 0.0071, costSoFar: 0.0071, priceSource: { source: 'spot-history', asOf } });
    // A hostile zone is no zone: the lowest.
    expect(toInstanceDto({ ...spot, Placement: { AvailabilityZone: '<b>x</b>' } }, 'us-east-1', { now, prices }).hourlyPrice).toBe(0.0062);
    expect(toInstanceDto(ec2Instance(), 'us-east-1', { now, prices }).priceSource?.source).toBe('shipped');
  });

  test('access comes from the flotilla:access tag (ssh when missing or unknown); market from EC2\'s lifecycle', () => {
    const withAccess = (access: string) => ec2Instance({ tags: flotillaTags({ 'flotilla:access': access }) });
    expect(toInstanceDto(withAccess('ssm'), 'us-east-1', { now })).toMatchObject({ access: 'ssm', market: 'on-demand' });
    expect(toInstanceDto(withAccess('both'), 'us-east-1', { now }).access).toBe('both');
    expect(toInstanceDto(withAccess('<script>'), 'us-east-1', { now }).access).toBe('ssh');
    expect(toInstanceDto(ec2Instance(), 'us-east-1', { now }).access).toBe('ssh');
    expect(toInstanceDto({ ...ec2Instance(), InstanceLifecycle: 'spot' }, 'us-east-1', { now }).market).toBe('spot');
  });
});
