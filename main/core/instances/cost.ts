import type { CostTotals, InstanceDto } from '../../contract/instances/dto';
import priceTable from './prices.json';

/** The on-demand prices shipped with Flotilla (prices.json): the offline fallback of the price book (main/core/prices). */
export interface PriceTable {
  /** When the figures were taken (YYYY-MM-DD). */
  asOf: string;
  prices: Record<string, Record<string, number>>;
}

export const shippedPrices: PriceTable = priceTable;

const HOUR_MS = 3_600_000;

/** USD per hour on demand, or null when the table has no figure for this type in this region. */
export function hourlyPrice(instanceType: string, region: string, table: PriceTable = shippedPrices): number | null {
  // Own keys only: a hostile type or region such as `__proto__` or `toString` is no price.
  const regional = Object.hasOwn(table.prices, region) ? table.prices[region] : undefined;
  const price = regional && Object.hasOwn(regional, instanceType) ? regional[instanceType] : undefined;
  return typeof price === 'number' && Number.isFinite(price) ? price : null;
}

/** Rounded to the cent for display; sums are kept exact until shown. */
export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}

export function costBetween(hourly: number, from: Date, to: Date): number {
  return (hourly * Math.max(0, to.getTime() - from.getTime())) / HOUR_MS;
}

/** count × hourly × TTL: what a launch costs if it runs to its expiry. */
export function projectedLaunchCost(hourly: number | null, count: number, ttlMs: number): number | null {
  return hourly === null ? null : (hourly * count * ttlMs) / HOUR_MS;
}

/** Refuses a launch whose projected cost exceeds the cap, with the numbers. */
export function checkBudget(projected: number | null, cap: number | null, what: string): { status: 'pass' | 'warn' | 'fail' | 'skip'; message: string } {
  if (cap === null) return { status: 'skip', message: 'No budget cap is set (Settings → Instances).' };
  if (projected === null) {
    return { status: 'warn', message: `No price is known for ${what}, so the budget cap of $${cap.toFixed(2)} cannot be checked.` };
  }
  if (projected > cap) {
    return {
      status: 'fail',
      message:
        `This launch would cost about $${projected.toFixed(2)} (${what}), over the budget cap of $${cap.toFixed(2)}. ` +
        'Launch fewer instances, a shorter TTL or a smaller type, or raise the cap in Settings.',
    };
  }
  return { status: 'pass', message: `About $${projected.toFixed(2)} (${what}), within the cap of $${cap.toFixed(2)}.` };
}

/** Fleet totals: hourly for running instances, cost so far, projected to expiry. */
export function fleetTotals(instances: readonly InstanceDto[]): CostTotals {
  let hourly = 0;
  let soFar = 0;
  let projected = 0;
  let unpriced = 0;
  for (const instance of instances) {
    if (instance.hourlyPrice !== null && (instance.state === 'running' || instance.state === 'pending')) hourly += instance.hourlyPrice;
    soFar += instance.costSoFar ?? 0;
    if (instance.projectedCost === null) unpriced++;
    else projected += instance.projectedCost;
  }
  return { hourly: Math.round(hourly * 10_000) / 10_000, soFar: roundUsd(soFar), projected: roundUsd(projected), unpriced };
}
