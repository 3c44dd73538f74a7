/**
 * Checks on what AWS (or the cache file) says a price is: everything from outside is hostile until
 * checked here. A figure is USD per hour, finite, above zero and below MAX_USD_PER_HOUR (the dearest
 * EC2 instance costs a few hundred dollars an hour; anything above this is not a price).
 */
export const MAX_USD_PER_HOUR = 10_000;

/** Region names as AWS spells them (us-east-1, ap-southeast-5, us-gov-west-1, eu-isoe-west-1). */
const REGION = /^[a-z]{2}(-[a-z]{2,12}){1,3}-\d{1,2}$/;
/** Instance types (t3.micro, m7i-flex.large, u-6tb1.56xlarge, mac2-m2pro.metal). */
const INSTANCE_TYPE = /^[a-z0-9][a-z0-9-]{0,30}\.[a-z0-9-]{1,30}$/;
/** Availability zones (us-east-1a) and Local Zones (us-west-2-lax-1a). */
const ZONE = /^[a-z]{2}(-[a-z0-9]{1,12}){1,5}[a-z]$/;
/** Decimal USD as the Price List and Spot price history write it: `0.0104000000`, `0.003100`. */
const DECIMAL = /^\d{1,9}(\.\d{1,15})?$/;

export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && REGION.test(value);
}

export function isInstanceType(value: unknown): value is string {
  return typeof value === 'string' && INSTANCE_TYPE.test(value);
}

export function isZone(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 48 && ZONE.test(value);
}

/** A price as a number, or null when it is not one (NaN, Infinity, negative, zero, huge, not a plain decimal). */
export function usdPerHour(value: unknown): number | null {
  const n = typeof value === 'string' ? (DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) && n > 0 && n < MAX_USD_PER_HOUR ? n : null;
}

/** An ISO date or timestamp not after `now` (plus a day of clock skew); null otherwise. */
export function isoDate(value: unknown, now: Date): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const at = Date.parse(value);
  if (!Number.isFinite(at) || at > now.getTime() + 86_400_000 || at < Date.UTC(2006, 0, 1)) return null;
  return new Date(at).toISOString();
}
