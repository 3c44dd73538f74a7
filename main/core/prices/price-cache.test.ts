import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { T0 } from '../fake-clock.test-helpers';
import { CACHE_LIMITS, cacheFromJson, emptyCache, readPriceCache, writePriceCache } from './price-cache';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'flotilla-prices-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const now = new Date(T0);
const asOf = '2025-06-01T08:00:00.000Z';

describe('the price cache file', () => {
  test('round trip: written whole (no temporary file left), read back with each figure and its date', async () => {
    const file = path.join(dir, 'nested', 'prices.json');
    const cache = emptyCache();
    cache.onDemand.set('us-east-1 t3.micro', { usd: 0.0104, asOf });
    cache.spot.set('us-east-1 t3.micro', { zones: { 'us-east-1a': 0.0031 }, asOf });
    await writePriceCache(file, cache);
    expect(readFileSync(file, 'utf8')).toContain('"us-east-1 t3.micro"');
    expect(readdirSync(path.dirname(file))).toEqual(['prices.json']);
    const read = await readPriceCache(file, now);
    expect(read.problem).toBeNull();
    expect(read.cache).toEqual(cache);
  });

  test('missing: empty, and no problem to report', async () => {
    expect(await readPriceCache(path.join(dir, 'none.json'), now)).toEqual({ cache: emptyCache(), problem: null });
  });

  test('malformed, huge, a folder or a FIFO: empty with the problem, never a crash or a hang', async () => {
    const file = path.join(dir, 'prices.json');
    writeFileSync(file, '{"version":1,"onDemand":{');
    expect(await readPriceCache(file, now)).toEqual({ cache: emptyCache(), problem: 'it is not JSON' });
    writeFileSync(file, `{"version":1,"onDemand":{},"pad":"${'x'.repeat(CACHE_LIMITS.bytes)}"}`);
    expect((await readPriceCache(file, now)).problem).toBe(`it is larger than ${CACHE_LIMITS.bytes} bytes`);
    expect((await readPriceCache(dir, now)).problem).toBe('it is not a regular file');
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect((await readPriceCache(fifo, now)).problem).toBe('it is not a regular file');
  });

  test('entries that are not prices are dropped one by one', () => {
    const json = {
      version: 1,
      onDemand: {
        'us-east-1 t3.micro': { usd: 0.0104, asOf },
        'us-east-1 t3.small': { usd: 'NaN', asOf },
        'us-east-1 t3.medium': { usd: -1, asOf },
        'us-east-1 t3.large': { usd: 1e308, asOf },
        'us-east-1 t3.xlarge': { usd: 0.1, asOf: 'yesterday' },
        'us-east-1 t3.2xlarge': { usd: 0.1, asOf: '2999-01-01T00:00:00Z' },
        '../../etc t3.micro': { usd: 0.1, asOf },
        'us-east-1 t3.micro extra': { usd: 0.1, asOf },
      },
      spot: {
        'us-east-1 t3.micro': { zones: { 'us-east-1a': 0.0031, 'not a zone': 0.1, 'us-east-1b': 'Infinity' }, asOf },
        'us-east-1 t3.small': { zones: { 'us-east-1a': 0 }, asOf },
        'us-east-1 t3.medium': { zones: [], asOf },
      },
    };
    const cache = cacheFromJson(json, now);
    expect([...cache.onDemand]).toEqual([['us-east-1 t3.micro', { usd: 0.0104, asOf }]]);
    expect([...cache.spot]).toEqual([['us-east-1 t3.micro', { zones: { 'us-east-1a': 0.0031 }, asOf }]]);
    expect(cacheFromJson({ ...json, version: 2 }, now)).toEqual(emptyCache());
    expect(cacheFromJson([json], now)).toEqual(emptyCache());
    expect(cacheFromJson(JSON.parse(`{"version":1,"onDemand":{"__proto__":{"usd":0.1,"asOf":"${asOf}"}}}`), now)).toEqual(emptyCache());
  });

  test('at most CACHE_LIMITS.entries are read', () => {
    const onDemand = Object.fromEntries(Array.from({ length: CACHE_LIMITS.entries + 500 }, (_, i) => [`us-east-1 t3.s${i}`, { usd: 0.01, asOf }]));
    expect(cacheFromJson({ version: 1, onDemand, spot: {} }, now).onDemand.size).toBe(CACHE_LIMITS.entries);
  });
});
