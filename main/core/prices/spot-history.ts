import { DescribeSpotPriceHistoryCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { isZone, usdPerHour } from './figures';

/** Bounds on one answer: entries per page, pages followed, zones kept. */
export const SPOT_LIMITS = { entries: 100, pages: 3, zones: 32 };

/**
 * The Spot price in effect now in each availability zone of the client's region, for Linux/UNIX:
 * DescribeSpotPriceHistory with StartTime now answers, per zone, the last price change before it
 * (EC2 API reference, DescribeSpotPriceHistory). When a zone appears twice the newest entry wins.
 * Entries for another type or product, with a bad zone or a price that is not one, are left out.
 */
export async function fetchSpotPrices(ec2: EC2Client, instanceType: string, now: Date, signal?: AbortSignal): Promise<Record<string, number>> {
  const newest = new Map<string, { usd: number; at: number }>();
  let token: string | undefined;
  for (let page = 0; page < SPOT_LIMITS.pages; page++) {
    const answer = await ec2.send(
      new DescribeSpotPriceHistoryCommand({
        InstanceTypes: [instanceType as never],
        ProductDescriptions: ['Linux/UNIX'],
        StartTime: now,
        MaxResults: SPOT_LIMITS.entries,
        ...(token ? { NextToken: token } : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
    const entries: unknown = answer?.SpotPriceHistory;
    for (const entry of Array.isArray(entries) ? entries.slice(0, SPOT_LIMITS.entries) : []) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { AvailabilityZone: zone, SpotPrice, InstanceType: type, ProductDescription: product, Timestamp } = entry as Record<string, unknown>;
      const usd = usdPerHour(SpotPrice);
      if (!isZone(zone) || usd === null || (type !== undefined && type !== instanceType) || (product !== undefined && product !== 'Linux/UNIX')) continue;
      const at = Timestamp instanceof Date ? Timestamp.getTime() : 0;
      const seen = newest.get(zone);
      if ((!seen && newest.size < SPOT_LIMITS.zones) || (seen && at >= seen.at)) newest.set(zone, { usd, at });
    }
    token = typeof answer?.NextToken === 'string' && answer.NextToken !== '' ? answer.NextToken : undefined;
    if (!token) break;
  }
  return Object.fromEntries([...newest].sort(([a], [b]) => a.localeCompare(b)).map(([zone, { usd }]) => [zone, usd]));
}
