import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import { usdPerHour } from './figures';

/**
 * On-demand prices from the AWS Price List Query API (GetProducts, service code AmazonEC2): Linux,
 * shared tenancy, no pre-installed software or licence, capacity status Used (the instance-hour
 * product itself, not a reservation's). Filter fields as the Price List names the product's
 * attributes (DescribeServices AmazonEC2: instanceType, regionCode, operatingSystem, tenancy,
 * preInstalledSw, capacitystatus, licenseModel).
 */
export function onDemandFilters(instanceType: string, region: string) {
  const match = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });
  return [
    match('instanceType', instanceType),
    match('regionCode', region),
    match('operatingSystem', 'Linux'),
    match('tenancy', 'Shared'),
    match('preInstalledSw', 'NA'),
    match('capacitystatus', 'Used'),
    match('licenseModel', 'No License required'),
  ];
}

/** Bounds on what one answer may hold: items per page, characters per item, pages followed. */
export const PRICE_LIST_LIMITS = { items: 100, itemChars: 1_000_000, pages: 3 };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** At most `limit` values of an object (a hostile item could hold millions of terms). */
function valuesOf(value: unknown, limit = 50): unknown[] {
  return isObject(value) ? Object.values(value).slice(0, limit) : [];
}

export interface PriceListProduct {
  usd: number;
  /** The product's `operation` attribute: `RunInstances` for plain Linux. */
  operation: string | null;
}

/**
 * A PriceList item's JSON text. The SDK answers each item as a LazyJsonString, a boxed String (the
 * model's PriceList is `AutomaticJsonStringConversion[]`, @smithy/core serde lazy-json), not a
 * primitive string; a mock may give either.
 */
function textOf(item: unknown): string | null {
  if (typeof item === 'string') return item;
  return item instanceof String ? String.prototype.toString.call(item) : null;
}

/**
 * The hourly on-demand USD of one PriceList item (JSON text: `product.attributes`,
 * `terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD` with `unit` `Hrs`), or null
 * when the item is not such a product or holds no sane price. When several hourly dimensions
 * disagree, the highest (a budget errs on the safe side).
 */
export function parsePriceListItem(item: unknown, instanceType: string, region: string): PriceListProduct | null {
  const text = textOf(item);
  if (text === null || text.length > PRICE_LIST_LIMITS.itemChars) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !isObject(parsed.product) || !isObject(parsed.product.attributes) || !isObject(parsed.terms)) return null;
  const attributes = parsed.product.attributes;
  // The filters asked for this type and region; an answer about another is not this price.
  if (attributes.instanceType !== instanceType || (attributes.regionCode !== undefined && attributes.regionCode !== region)) return null;
  let usd: number | null = null;
  for (const term of valuesOf(parsed.terms.OnDemand)) {
    if (!isObject(term)) continue;
    for (const dimension of valuesOf(term.priceDimensions)) {
      if (!isObject(dimension) || dimension.unit !== 'Hrs' || !isObject(dimension.pricePerUnit)) continue;
      const price = usdPerHour(dimension.pricePerUnit.USD);
      if (price !== null && (usd === null || price > usd)) usd = price;
    }
  }
  return usd === null ? null : { usd, operation: typeof attributes.operation === 'string' ? attributes.operation : null };
}

/** One price from the products found: plain `RunInstances` ones first; among several, the highest. */
export function onDemandPriceOf(items: readonly unknown[], instanceType: string, region: string): number | null {
  const products = items.slice(0, PRICE_LIST_LIMITS.items * PRICE_LIST_LIMITS.pages).flatMap((item) => parsePriceListItem(item, instanceType, region) ?? []);
  const plain = products.filter((p) => p.operation === 'RunInstances');
  const chosen = plain.length > 0 ? plain : products;
  return chosen.length === 0 ? null : Math.max(...chosen.map((p) => p.usd));
}

/** The on-demand USD per hour the Price List answers now; null when it lists no such product. Throws what the SDK throws. */
export async function fetchOnDemandPrice(pricing: PricingClient, instanceType: string, region: string, signal?: AbortSignal): Promise<number | null> {
  const items: unknown[] = [];
  let token: string | undefined;
  for (let page = 0; page < PRICE_LIST_LIMITS.pages; page++) {
    const answer = await pricing.send(
      new GetProductsCommand({ ServiceCode: 'AmazonEC2', Filters: onDemandFilters(instanceType, region), FormatVersion: 'aws_v1', MaxResults: PRICE_LIST_LIMITS.items, ...(token ? { NextToken: token } : {}) }),
      signal ? { abortSignal: signal } : {},
    );
    const list: unknown = answer?.PriceList;
    if (Array.isArray(list)) items.push(...list.slice(0, PRICE_LIST_LIMITS.items));
    token = typeof answer?.NextToken === 'string' && answer.NextToken !== '' ? answer.NextToken : undefined;
    if (!token) break;
  }
  return onDemandPriceOf(items, instanceType, region);
}
