import { priceDate, priceSourcesOf, priceSourceText } from './price-source';

describe('where a price comes from, in words', () => {
  test('each source with its date (UTC, day month year)', () => {
    expect(priceSourceText({ source: 'price-list', asOf: '2026-12-02T23:30:00.000Z' })).toBe('AWS price list, 2 Dec 2026');
    expect(priceSourceText({ source: 'spot-history', asOf: '2026-12-02T00:10:00.000Z' })).toBe('Spot price history, 2 Dec 2026');
    expect(priceSourceText({ source: 'shipped', asOf: '2025-06-01' })).toBe('shipped table, 1 Jun 2025 — live price unavailable');
  });

  test('a date that is not one is shown as it is', () => {
    expect(priceDate('soon')).toBe('soon');
  });

  test('the distinct sources of a fleet, unpriced ones left out', () => {
    const listed = { source: 'price-list' as const, asOf: '2026-12-02T08:00:00.000Z' };
    expect(priceSourcesOf([{ priceSource: listed }, { priceSource: null }, { priceSource: { ...listed, asOf: '2026-12-02T09:00:00.000Z' } }, { priceSource: { source: 'shipped', asOf: '2025-06-01' } }])).toEqual([
      'AWS price list, 2 Dec 2026',
      'shipped table, 1 Jun 2025 — live price unavailable',
    ]);
  });
});
