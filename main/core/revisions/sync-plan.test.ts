import { cutOff, toDownload, toRemove } from './sync-plan';

describe('sync plan', () => {
  const r = (n: number) => `20261122000${String(n).padStart(2, '0')}Ab`;

  it('cuts off at previous, or at current when current is older', () => {
    expect(cutOff(r(5), r(3))).toBe(r(3));
    expect(cutOff(r(3), r(5))).toBe(r(3));
    expect(cutOff(r(5), null)).toBe(r(5));
    expect(cutOff(null, null)).toBeNull();
  });

  it('downloads what is at or after the cut-off and missing here', () => {
    const remote = [r(1), r(2), r(3), r(4), r(5)];
    expect(toDownload(remote, new Set([r(4)]), r(3))).toEqual([r(3), r(5)]);
    expect(toDownload(remote, new Set(), null)).toEqual(remote);
  });

  it('removes revisions gone from the bucket, never current or previous', () => {
    const plan = toRemove({ remote: new Set([r(4), r(5)]), local: [r(1), r(2), r(4), r(5)], current: r(5), previous: r(2), keep: 10 });
    expect(plan.gone).toEqual([r(1)]);
    expect(plan.pruned).toEqual([]);
  });

  it('keeps at most K revisions older than current besides previous, and all newer ones', () => {
    const local = [r(1), r(2), r(3), r(4), r(5), r(6), r(7)];
    const plan = toRemove({ remote: new Set(local), local, current: r(5), previous: r(4), keep: 1 });
    expect(plan).toEqual({ gone: [], pruned: [r(1), r(2)] });
    expect(toRemove({ remote: new Set(local), local, current: r(5), previous: r(4), keep: 0 }).pruned).toEqual([r(1), r(2), r(3)]);
  });
});
