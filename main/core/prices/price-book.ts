import type { EC2Client } from '@aws-sdk/client-ec2';
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { PriceSource } from '../../contract/instances/dto';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../shared/clock';
import { awsErrorCode, awsErrorMessage } from '../shared/aws-errors';
import { hourlyPrice, type PriceTable, shippedPrices } from '../instances/cost';
import { isInstanceType, isRegion, isZone } from './figures';
import { emptyCache, priceKey, readPriceCache, writePriceCache, type PriceCacheData } from './price-cache';
import { fetchOnDemandPrice } from './price-list';
import { fetchSpotPrices } from './spot-history';

/** What is priced: a type in a region, on demand or Spot (in a zone, for a running Spot instance). */
export interface PriceQuery {
  instanceType: string;
  region: string;
  market: 'on-demand' | 'spot';
  availabilityZone?: string | null;
}

export interface PriceQuote {
  usdPerHour: number;
  source: PriceSource;
}

/** The one lookup of prices: the fleet, the launch plan and the budget cap all ask it. */
export interface PriceBook {
  /**
   * The best figure known now, never waiting: a live figure from the cache, else the shipped table's
   * (whichever is newer); for Spot, the zone's price, else the lowest zone's, else on-demand. A figure
   * missing or over a day old is refreshed in the background (when live prices are on).
   */
  quote(query: PriceQuery): PriceQuote | null;
  /** The same figure, after waiting at most `waitMs` for a refresh when it is missing or stale (launches and the budget cap). */
  current(query: PriceQuery, waitMs?: number): Promise<PriceQuote | null>;
  /** Calls `listener` after a refresh brought a new figure (to show it without waiting for the next list); answers the unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Waits up to `closeGraceMs` for refreshes under way (so what they fetch is saved), then stops them and saves. */
  close(): Promise<void>;
}

export interface PriceBookOptions {
  clock: Clock;
  logger: Logger;
  /** Live prices: the Price List client and EC2 per region; unset: the shipped table only (tests, offline hosts). */
  live?: { pricing(): PricingClient; ec2(region: string): EC2Client } | undefined;
  /** The cache file; null: live figures are kept in memory only. */
  cacheFile?: string | null;
  shipped?: PriceTable;
  timings?: Partial<typeof PRICE_TIMINGS>;
}

export const PRICE_TIMINGS = {
  /** A live figure is refreshed once it is this old. */
  maxAgeMs: 24 * 3_600_000,
  /** After a failed refresh (offline, no permission), the same figure is not asked for again before this. */
  retryAfterMs: 3_600_000,
  /** How long a launch waits for a fresh figure before using what it has. */
  launchWaitMs: 5_000,
  closeGraceMs: 2_000,
  /** Refreshes at once. */
  concurrency: 4,
};

type Kind = 'onDemand' | 'spot';

/** Reads the cache file (a problem with it is logged and the file replaced by the next refresh) and answers the book. */
export async function openPriceBook(options: PriceBookOptions): Promise<PriceBook> {
  let cache = emptyCache();
  if (options.cacheFile) {
    const read = await readPriceCache(options.cacheFile, options.clock.now());
    if (read.problem) options.logger.warn(`prices: the cache file ${options.cacheFile} is ignored: ${read.problem}; it is rewritten after the next refresh.`);
    cache = read.cache;
  }
  return createPriceBook(options, cache);
}

export function createPriceBook(options: PriceBookOptions, cache: PriceCacheData = emptyCache()): PriceBook {
  const timings = { ...PRICE_TIMINGS, ...options.timings };
  const { clock, logger, live } = options;
  const shipped = options.shipped ?? shippedPrices;
  const abort = new AbortController();
  const inflight = new Map<string, Promise<void>>();
  const failedAt = new Map<string, number>();
  const queue: Array<() => void> = [];
  let running = 0;
  let saving: Promise<void> = Promise.resolve();
  let closed = false;
  const listeners = new Set<() => void>();

  const age = (asOf: string) => clock.now().getTime() - Date.parse(asOf);

  function resolve(query: PriceQuery): PriceQuote | null {
    const key = priceKey(query.region, query.instanceType);
    if (query.market === 'spot') {
      const spot = cache.spot.get(key);
      const zone = query.availabilityZone ? spot?.zones[query.availabilityZone] : undefined;
      const usd = zone ?? (spot ? Math.min(...Object.values(spot.zones)) : undefined);
      if (spot && usd !== undefined) return { usdPerHour: usd, source: { source: 'spot-history', asOf: spot.asOf } };
    }
    const listed = cache.onDemand.get(key);
    const table = hourlyPrice(query.instanceType, query.region, shipped);
    if (listed && (table === null || Date.parse(listed.asOf) >= Date.parse(shipped.asOf))) return { usdPerHour: listed.usd, source: { source: 'price-list', asOf: listed.asOf } };
    return table === null ? null : { usdPerHour: table, source: { source: 'shipped', asOf: shipped.asOf } };
  }

  /** The refreshes this query wants: on-demand always (a Spot price falls back to it), Spot for Spot. */
  function wanted(query: PriceQuery): Kind[] {
    if (!live || closed || !isRegion(query.region) || !isInstanceType(query.instanceType)) return [];
    const key = priceKey(query.region, query.instanceType);
    const kinds: Kind[] = query.market === 'spot' ? ['spot', 'onDemand'] : ['onDemand'];
    return kinds.filter((kind) => {
      const figure = cache[kind].get(key);
      const failed = failedAt.get(`${kind} ${key}`);
      // The Price List does not price the China regions (their own partition).
      if (kind === 'onDemand' && query.region.startsWith('cn-')) return false;
      return (!figure || age(figure.asOf) >= timings.maxAgeMs) && (failed === undefined || clock.now().getTime() - failed >= timings.retryAfterMs);
    });
  }

  function limited(task: () => Promise<void>): Promise<void> {
    return new Promise<void>((done) => {
      const start = () => {
        running++;
        task().finally(() => {
          running--;
          queue.shift()?.();
          done();
        });
      };
      if (running < timings.concurrency) start();
      else queue.push(start);
    });
  }

  function refresh(kind: Kind, query: PriceQuery): Promise<void> {
    const key = priceKey(query.region, query.instanceType);
    const id = `${kind} ${key}`;
    const existing = inflight.get(id);
    if (existing) return existing;
    const task = limited(async () => {
      if (closed || !live) return;
      const now = clock.now();
      try {
        if (kind === 'onDemand') {
          const usd = await fetchOnDemandPrice(live.pricing(), query.instanceType, query.region, abort.signal);
          if (usd === null) throw new Error(`the Price List has no Linux on-demand price for ${query.instanceType} in ${query.region}`);
          cache.onDemand.set(key, { usd, asOf: now.toISOString() });
        } else {
          const zones = await fetchSpotPrices(live.ec2(query.region), query.instanceType, now, abort.signal);
          if (Object.keys(zones).length === 0) throw new Error(`EC2 has no Spot price for ${query.instanceType} in ${query.region}`);
          cache.spot.set(key, { zones, asOf: now.toISOString() });
        }
        failedAt.delete(id);
        save();
        for (const listener of listeners) listener();
      } catch (error) {
        failedAt.set(id, clock.now().getTime());
        if (!abort.signal.aborted) {
          const code = awsErrorCode(error);
          logger.info(`prices: could not refresh the ${kind === 'onDemand' ? 'on-demand' : 'Spot'} price of ${query.instanceType} in ${query.region}; using the last known figure`, {
            error: code && code !== 'Error' ? `${code}: ${awsErrorMessage(error)}` : awsErrorMessage(error),
          });
        }
      }
    }).finally(() => inflight.delete(id));
    inflight.set(id, task);
    return task;
  }

  function save() {
    const file = options.cacheFile;
    if (!file) return;
    saving = saving.then(() => writePriceCache(file, cache)).catch((error) => logger.warn(`prices: could not write the cache file ${file}`, { error: String(error) }));
  }

  function start(query: PriceQuery): Promise<void>[] {
    return wanted(query).map((kind) => refresh(kind, query));
  }

  return {
    quote(query) {
      void start(query);
      return resolve(query);
    },
    async current(query, waitMs = timings.launchWaitMs) {
      const pending = start(query);
      if (pending.length > 0) {
        let cancel = () => {};
        await Promise.race([Promise.all(pending), new Promise<void>((done) => (cancel = clock.setTimeout(done, waitMs)))]);
        cancel();
      }
      return resolve(query);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      listeners.clear();
      closed = true;
      for (const queued of queue.splice(0)) queued(); // each sees `closed` and ends at once
      if (inflight.size > 0) {
        let cancel = () => {};
        await Promise.race([Promise.allSettled([...inflight.values()]), new Promise<void>((done) => (cancel = clock.setTimeout(done, timings.closeGraceMs)))]);
        cancel();
      }
      abort.abort();
      await saving;
    },
  };
}

/** A zone name as EC2 gives it for a running instance, or null when it is not one. */
export function zoneOf(value: unknown): string | null {
  return isZone(value) ? value : null;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The shipped table alone, never refreshed: for tests and wherever no live book is given. */
export const shippedPriceBook: PriceBook = createPriceBook({ clock: systemClock, logger: quiet });
