import type { InstanceDto, PriceSource } from '@contract/instances/dto';
import { priceSourcesOf, priceSourceText } from '@contract/instances/price-source';

/** What instances cost: prices in dollars, live costs so far and the fleet's totals. */

/** `$0.42`, `$12`, `$1,234`; `—` when there is no price. */
export function usd(amount: number | null): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  return amount < 10 ? `$${amount.toFixed(2)}` : `$${amount.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

const billed = new Set(['pending', 'running']);

/** What it has cost so far, kept live from its hourly price while it runs. */
export function costSoFar(instance: InstanceDto, now: number): number | null {
  if (instance.hourlyPrice === null || !billed.has(instance.state)) return instance.costSoFar;
  const hours = Math.max(0, now - Date.parse(instance.launchedAt)) / 3_600_000;
  return instance.hourlyPrice * hours;
}

/**
 * Totals of the instances given (the rows shown): per hour of those billed now, so far, and to
 * expiry. A pinned instance counts per hour and so far, but has no expiry to project to
 * (`pinned`); `unpriced` are those whose type has no price in the table.
 */
export function fleetTotals(fleet: readonly InstanceDto[], now: number) {
  let hourly = 0;
  let soFar = 0;
  let projected = 0;
  let unpriced = 0;
  let pinned = 0;
  for (const instance of fleet) {
    if (instance.hourlyPrice === null) {
      unpriced++;
      continue;
    }
    if (billed.has(instance.state)) hourly += instance.hourlyPrice;
    soFar += costSoFar(instance, now) ?? 0;
    if (instance.pinned) pinned++;
    else projected += instance.projectedCost ?? 0;
  }
  return { hourly, soFar, projected, unpriced, pinned };
}

/** Where a price comes from, for a tooltip and screen readers: `AWS price list, 2 Dec 2026`; null without a price. */
export function priceSourceLabel(source: PriceSource | null): string | null {
  return source ? priceSourceText(source) : null;
}

/** The distinct sources of the prices shown (the contract's words). */
export { priceSourcesOf };
