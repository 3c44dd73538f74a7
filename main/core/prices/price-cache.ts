import { constants } from 'node:fs';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isInstanceType, isoDate, isRegion, isZone, usdPerHour } from './figures';

/**
 * The live prices kept on disk between runs (not a secret): one JSON file in the app's cache
 * folder, each figure with the time it was fetched. Read as hostile: a file too big, not JSON, or
 * with entries that are not prices is ignored entry by entry (or whole), never trusted or fatal.
 */
export interface OnDemandFigure {
  usd: number;
  /** ISO timestamp of the fetch. */
  asOf: string;
}

export interface SpotFigure {
  /** USD per hour per availability zone. */
  zones: Record<string, number>;
  asOf: string;
}

export interface PriceCacheData {
  /** Keyed `<region> <instance type>`. */
  onDemand: Map<string, OnDemandFigure>;
  spot: Map<string, SpotFigure>;
}

export const CACHE_LIMITS = { bytes: 1024 * 1024, entries: 2_000, zones: 32 };

const VERSION = 1;

export function priceKey(region: string, instanceType: string): string {
  return `${region} ${instanceType}`;
}

export function emptyCache(): PriceCacheData {
  return { onDemand: new Map(), spot: new Map() };
}

function validKey(key: string): boolean {
  const [region, type, ...rest] = key.split(' ');
  return rest.length === 0 && isRegion(region) && isInstanceType(type);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The entries of a parsed cache file that are prices; everything else is dropped. */
export function cacheFromJson(json: unknown, now: Date): PriceCacheData {
  const cache = emptyCache();
  if (!isObject(json) || json.version !== VERSION) return cache;
  for (const [key, value] of Object.entries(isObject(json.onDemand) ? json.onDemand : {}).slice(0, CACHE_LIMITS.entries)) {
    if (!validKey(key) || !isObject(value)) continue;
    const usd = usdPerHour(value.usd);
    const asOf = isoDate(value.asOf, now);
    if (usd !== null && asOf) cache.onDemand.set(key, { usd, asOf });
  }
  for (const [key, value] of Object.entries(isObject(json.spot) ? json.spot : {}).slice(0, CACHE_LIMITS.entries)) {
    if (!validKey(key) || !isObject(value) || !isObject(value.zones)) continue;
    const asOf = isoDate(value.asOf, now);
    const zones: Record<string, number> = {};
    for (const [zone, price] of Object.entries(value.zones).slice(0, CACHE_LIMITS.zones)) {
      const usd = usdPerHour(price);
      if (isZone(zone) && usd !== null) zones[zone] = usd;
    }
    if (asOf && Object.keys(zones).length > 0) cache.spot.set(key, { zones, asOf });
  }
  return cache;
}

export function cacheToJson(cache: PriceCacheData): string {
  // The newest entries are kept when there are too many.
  const newest = <T extends { asOf: string }>(map: Map<string, T>) =>
    Object.fromEntries([...map].sort(([, a], [, b]) => b.asOf.localeCompare(a.asOf)).slice(0, CACHE_LIMITS.entries));
  return JSON.stringify({ version: VERSION, onDemand: newest(cache.onDemand), spot: newest(cache.spot) }, null, 1) + '\n';
}


/**
 * Reads the cache file: missing → empty; bigger than CACHE_LIMITS.bytes, unreadable or not JSON →
 * empty with the problem (the next refresh replaces it). Only the first bytes of a huge file are read,
 * and nothing but a regular file.
 */
export async function readPriceCache(file: string, now: Date): Promise<{ cache: PriceCacheData; problem: string | null }> {
  let text: string;
  try {
    // Non-blocking: a FIFO put in its place must not hang the app; only a regular file is read.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return { cache: emptyCache(), problem: 'it is not a regular file' };
      const buffer = Buffer.alloc(CACHE_LIMITS.bytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > CACHE_LIMITS.bytes) return { cache: emptyCache(), problem: `it is larger than ${CACHE_LIMITS.bytes} bytes` };
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { cache: emptyCache(), problem: code === 'ENOENT' ? null : `it could not be read (${code ?? String(error)})` };
  }
  try {
    return { cache: cacheFromJson(JSON.parse(text), now), problem: null };
  } catch {
    return { cache: emptyCache(), problem: 'it is not JSON' };
  }
}

/** Writes the whole cache: to a temporary file beside it, then renamed over it (never half-written). */
export async function writePriceCache(file: string, cache: PriceCacheData): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, cacheToJson(cache), { mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
