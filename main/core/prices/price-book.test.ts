import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeSpotPriceHistoryCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeClock, flush } from '../fake-clock.test-helpers';
import type { Logger } from '../ports';
import { createPriceBook as create, openPriceBook as open, PRICE_TIMINGS, type PriceBook, type PriceBookOptions, type PriceQuery } from './price-book';
import type { PriceCacheData } from './price-cache';
import { emptyCache } from './price-cache';
import { getProductsAnswer, priceListItem, pricingDenied, spotEntries } from './prices.test-helpers';

const pricing = mockClient(PricingClient);
const ec2 = mockClient(EC2Client);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const live = { pricing: () => new PricingClient({ region: 'us-east-1', credentials }), ec2: (region: string) => new EC2Client({ region, credentials }) };

/** Well after the shipped table's date (a live figure older than it loses to it). */
const T0 = Date.parse('2026-12-02T10:00:00Z');

let dir: string;
let clock: FakeClock;
let warnings: string[];
const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };
const books: PriceBook[] = [];
const kept = (book: PriceBook) => (books.push(book), book);
const createPriceBook = (o: PriceBookOptions, cache?: PriceCacheData) => kept(create(o, cache));
const openPriceBook = async (o: PriceBookOptions) => kept(await open(o));
const options = (extra: Partial<PriceBookOptions> = {}): PriceBookOptions => ({ clock, logger, live, cacheFile: path.join(dir, 'prices.json'), ...extra });

const micro: PriceQuery = { instanceType: 't3.micro', region: 'us-east-1', market: 'on-demand' };
const shipped = { usdPerHour: 0.0104, source: { source: 'shipped', asOf: '2025-06-01' } };
const listed = (usd: number, at = T0) => ({ usdPerHour: usd, source: { source: 'price-list', asOf: new Date(at).toISOString() } });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flotilla-price-book-'));
  clock = new FakeClock(T0);
  books.length = 0;
  warnings = [];
  pricing.reset();
  ec2.reset();
  // The Price List answers 0.0105 for whichever type and region it is asked about.
  pricing.on(GetProductsCommand).callsFake(async (input: GetProductsCommandInput) => {
    const value = (field: string) => input.Filters?.find((f) => f.Field === field)?.Value;
    return getProductsAnswer([priceListItem({ type: value('instanceType')!, region: value('regionCode')!, usd: '0.0105000000' })]);
  });
});
afterEach(async () => {
  // Every book is closed (its cache written) before its folder goes.
  await Promise.all(books.map(async (book) => {
    const closed = book.close();
    await clock.advance(PRICE_TIMINGS.closeGraceMs);
    await closed;
  }));
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  pricing.restore();
  ec2.restore();
});

describe('the price book', () => {
  test('without live prices: the shipped table, dated; nothing for an unknown type; no AWS call', async () => {
    const book = createPriceBook({ clock, logger });
    expect(book.quote(micro)).toEqual(shipped);
    expect(book.quote({ ...micro, instanceType: 'x9.huge' })).toBeNull();
    expect(await book.current(micro)).toEqual(shipped);
    expect(pricing.calls()).toHaveLength(0);
  });

  test('missing: the shipped figure at once, the live one after a background refresh, saved to the cache file', async () => {
    const book = await openPriceBook(options());
    expect(book.quote(micro)).toEqual(shipped); // never waits for AWS
    expect(book.quote(micro)).toEqual(shipped); // and asks only once
    await flush();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1);
    expect(book.quote(micro)).toEqual(listed(0.0105));
    await book.close();
    expect(JSON.parse(readFileSync(path.join(dir, 'prices.json'), 'utf8')).onDemand['us-east-1 t3.micro']).toEqual({ usd: 0.0105, asOf: new Date(T0).toISOString() });
    // The next run starts from the file: a cache hit, no call.
    const next = await openPriceBook(options());
    expect(next.quote(micro)).toEqual(listed(0.0105));
    await flush();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1);
  });

  test('expiry: a figure a day old is shown with its date while a new one is fetched', async () => {
    const cache = emptyCache();
    cache.onDemand.set('us-east-1 t3.micro', { usd: 0.0104, asOf: new Date(T0 - PRICE_TIMINGS.maxAgeMs + 60_000).toISOString() });
    const book = createPriceBook(options(), cache);
    expect(book.quote(micro)).toEqual(listed(0.0104, T0 - PRICE_TIMINGS.maxAgeMs + 60_000));
    await flush();
    expect(pricing.calls()).toHaveLength(0); // under a day: a hit
    await clock.advance(60_000);
    expect(book.quote(micro)?.usdPerHour).toBe(0.0104);
    await flush();
    expect(pricing.calls()).toHaveLength(1);
    expect(book.quote(micro)).toEqual(listed(0.0105, T0 + 60_000));
  });

  test('offline or refused: the shipped table, and the same price is not asked again within the hour', async () => {
    pricing.reset();
    pricing.on(GetProductsCommand).rejects(pricingDenied());
    const book = await openPriceBook(options());
    book.quote(micro);
    await flush();
    expect(book.quote(micro)).toEqual(shipped);
    await flush();
    expect(pricing.calls()).toHaveLength(1);
    await clock.advance(PRICE_TIMINGS.retryAfterMs);
    book.quote(micro);
    await flush();
    expect(pricing.calls()).toHaveLength(2);
    // No live figure was ever fetched: nothing is written.
    await book.close();
    expect(() => readFileSync(path.join(dir, 'prices.json'))).toThrow(/ENOENT/);
  });

  test('a figure older than the shipped table loses to it', () => {
    const cache = emptyCache();
    cache.onDemand.set('us-east-1 t3.micro', { usd: 0.02, asOf: '2025-01-01T00:00:00.000Z' });
    expect(createPriceBook({ clock, logger }, cache).quote(micro)).toEqual(shipped);
  });

  test('Spot: the zone of a running instance, else the lowest zone; before any Spot figure, on-demand', async () => {
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ SpotPriceHistory: spotEntries('t3.micro', { 'us-east-1a': '0.003900', 'us-east-1b': '0.003100' }) });
    const book = createPriceBook(options());
    const spot: PriceQuery = { ...micro, market: 'spot' };
    expect(book.quote(spot)).toEqual(shipped);
    await flush();
    const history = { source: 'spot-history', asOf: new Date(T0).toISOString() };
    expect(book.quote(spot)).toEqual({ usdPerHour: 0.0031, source: history });
    expect(book.quote({ ...spot, availabilityZone: 'us-east-1a' })).toEqual({ usdPerHour: 0.0039, source: history });
    expect(book.quote({ ...spot, availabilityZone: 'us-east-1z' })).toEqual({ usdPerHour: 0.0031, source: history });
    expect(ec2.commandCalls(DescribeSpotPriceHistoryCommand)[0]!.args[0].input.InstanceTypes).toEqual(['t3.micro']);
    // No Spot price at all (the type is not offered as Spot there): the on-demand figure.
    ec2.reset();
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ SpotPriceHistory: [] });
    const none = createPriceBook(options());
    none.quote({ ...spot, instanceType: 't3.small' });
    await flush();
    expect(none.quote({ ...spot, instanceType: 't3.small' })?.source.source).toBe('price-list');
  });

  test('current (launches, the budget cap) waits for a refresh, but at most waitMs', async () => {
    const book = createPriceBook(options());
    expect(await book.current(micro)).toEqual(listed(0.0105));
    pricing.reset();
    pricing.on(GetProductsCommand).callsFake(() => new Promise(() => {}));
    const slow = book.current({ ...micro, instanceType: 't3.small' }, 3_000);
    await clock.advance(3_000);
    expect(await slow).toEqual({ usdPerHour: 0.0208, source: shipped.source });
  });

  test('a corrupt or hostile cache file is logged and ignored, then replaced', async () => {
    const file = path.join(dir, 'prices.json');
    writeFileSync(file, '\u0000\u0001{{{ not json');
    const book = await openPriceBook(options());
    expect(warnings).toEqual([`prices: the cache file ${file} is ignored: it is not JSON; it is rewritten after the next refresh.`]);
    expect(book.quote(micro)).toEqual(shipped);
    await flush();
    await book.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
  });

  test('hostile queries are never sent to AWS', async () => {
    const book = createPriceBook(options());
    expect(book.quote({ instanceType: 't3.micro"},{"x', region: 'us-east-1', market: 'on-demand' })).toBeNull();
    expect(book.quote({ instanceType: 't3.micro', region: '../../etc', market: 'spot' })).toBeNull();
    await flush();
    expect(pricing.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  test('close waits briefly for a refresh under way, then stops it; nothing is asked after', async () => {
    pricing.reset();
    pricing.on(GetProductsCommand).callsFake(() => new Promise(() => {}));
    const book = createPriceBook(options());
    book.quote(micro);
    await flush();
    const closed = book.close();
    await clock.advance(PRICE_TIMINGS.closeGraceMs);
    await closed;
    book.quote({ ...micro, instanceType: 't3.small' });
    await flush();
    expect(pricing.calls()).toHaveLength(1);
  });
});
