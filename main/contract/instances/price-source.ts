import type { InstanceDto, PriceSource } from './dto';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2 Dec 2026` (UTC) from an ISO date or timestamp; the text itself when it is not a date. */
export function priceDate(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/**
 * Where a price comes from, for people: `AWS price list, 2 Dec 2026`, `Spot price history, 2 Dec 2026`,
 * `shipped table, 1 Jun 2025 — live price unavailable`. The same words in the app, the CLI and the budget check.
 */
export function priceSourceText(price: PriceSource): string {
  const date = priceDate(price.asOf);
  if (price.source === 'price-list') return `AWS price list, ${date}`;
  if (price.source === 'spot-history') return `Spot price history, ${date}`;
  return `shipped table, ${date} — live price unavailable`;
}

/** The distinct sources of these instances' prices, in words, in the order first seen. */
export function priceSourcesOf(instances: readonly Pick<InstanceDto, 'priceSource'>[]): string[] {
  return [...new Set(instances.flatMap((instance) => (instance.priceSource ? [priceSourceText(instance.priceSource)] : [])))];
}
