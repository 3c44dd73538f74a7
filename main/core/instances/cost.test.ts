import type { InstanceDto } from '../../contract/instances/dto';
import { checkBudget, fleetTotals, hourlyPrice, projectedLaunchCost, shippedPrices } from './cost';

describe('the shipped price table', () => {
  const families: Record<string, string[]> = {
    t3: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
    t3a: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
    t4g: ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
    m5: ['large', 'xlarge', '2xlarge', '4xlarge'],
    m6i: ['large', 'xlarge', '2xlarge', '4xlarge'],
    m7i: ['large', 'xlarge', '2xlarge', '4xlarge'],
    m7g: ['large', 'xlarge', '2xlarge', '4xlarge'],
    c5: ['large', 'xlarge', '2xlarge', '4xlarge'],
    c6i: ['large', 'xlarge', '2xlarge', '4xlarge'],
    c7g: ['large', 'xlarge', '2xlarge', '4xlarge'],
    r5: ['large', 'xlarge', '2xlarge'],
    r6i: ['large', 'xlarge', '2xlarge'],
  };

  test('is dated and covers every common type in every listed region', () => {
    expect(shippedPrices.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1']) {
      for (const [family, sizes] of Object.entries(families)) {
        for (const size of sizes) {
          const price = hourlyPrice(`${family}.${size}`, region);
          expect(price, `${family}.${size} in ${region}`).toBeGreaterThan(0.001);
          expect(price).toBeLessThan(2);
        }
      }
    }
    expect(hourlyPrice('t3.micro', 'us-east-1')).toBe(0.0104);
    expect(hourlyPrice('x9.huge', 'us-east-1')).toBeNull();
    expect(hourlyPrice('toString', '__proto__')).toBeNull();
    expect(hourlyPrice('constructor', 'us-east-1')).toBeNull();
  });
});

describe('costs', () => {
  test('projected launch cost and the budget cap', () => {
    const projected = projectedLaunchCost(0.0832, 10, 24 * 3_600_000)!;
    expect(projected).toBeCloseTo(19.968);
    expect(checkBudget(projected, 10, '10 × t3.large for 24h in us-east-1')).toEqual({
      status: 'fail',
      message:
        'This launch would cost about $19.97 (10 × t3.large for 24h in us-east-1), over the budget cap of $10.00. Launch fewer instances, a shorter TTL or a smaller type, or raise the cap in Settings.',
    });
    expect(checkBudget(projected, 50, 'x').status).toBe('pass');
    expect(checkBudget(projected, null, 'x').status).toBe('skip');
    expect(checkBudget(null, 50, 'x').status).toBe('warn');
  });

  test('fleet totals', () => {
    const row = (state: InstanceDto['state'], hourlyPrice: number | null, costSoFar: number | null, projectedCost: number | null) =>
      ({ state, hourlyPrice, costSoFar, projectedCost }) as InstanceDto;
    expect(fleetTotals([row('running', 0.1, 1, 2.4), row('stopped', 0.1, 0.5, 1), row('running', null, null, null)])).toEqual({
      hourly: 0.1,
      soFar: 1.5,
      projected: 3.4,
      unpriced: 1,
    });
  });
});
