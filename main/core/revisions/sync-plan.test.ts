import { cutOff, toDownload, toRemove } from './sync-plan';

describe('sync plan', () => {
  const r = (n: number) => `20261122000${String(n).padStart(2, '0')}Ab`;

  test('cuts off at previous, or at current when current is older', () => {
    expect(cutOff(r(5), r(3))).toBe(r(3));
    expect(cutOff(r(3), r(5))).toBe(r(3));
    expect(cutOff(r(5), null)).toBe(r(5));
    expect(cutOff(null, null)).toBeNull();
  });

  test('downloads what is at or after the cut-off and missing here', () => {
    const remote = [r(1), r(2), r(3), r(4), r(5)];
    expect(toDownload(remote, new Set([r(4)]), { current: r(5), previous: r(3), keep: 5 })).toEqual([r(3), r(5)]);
    expect(toDownload(remote, new Set([r(4)]), { current: r(3), previous: null, keep: 5 })).toEqual([r(3), r(5)]);
    expect(toDownload(remote, new Set(), { current: null, previous: null, keep: 5 })).toEqual(remote);
  });

  test('does not download what the same sync would prune, so a sync after it fetches nothing', () => {
    // The bucket jumped from r(1) over seven revisions to r(9); K = 2 older ones are kept.
    const remote = [r(1), r(2), r(3), r(4), r(5), r(6), r(7), r(8), r(9)];
    const pointers = { current: r(9), previous: r(1), keep: 2 };
    const first = toDownload(remote, new Set([r(1)]), pointers);
    expect(first).toEqual([r(7), r(8), r(9)]);
    const local = [r(1), ...first];
    expect(toRemove({ remote: new Set(remote), local, current: r(9), previous: r(1), keep: 2 }).pruned).toEqual([]);
    expect(toDownload(remote, new Set(local), pointers)).toEqual([]);
  });

  test('removes revisions gone from the bucket, never current or previous', () => {
    const plan = toRemove({ remote: new Set([r(4), r(5)]), local: [r(1), r(2), r(4), r(5)], current: r(5), previous: r(2), keep: 10 });
    expect(plan.gone).toEqual([r(1)]);
    expect(plan.pruned).toEqual([]);
  });

  test('keeps at most K revisions older than current besides previous, and all newer ones', () => {
    const local = [r(1), r(2), r(3), r(4), r(5), r(6), r(7)];
    const plan = toRemove({ remote: new Set(local), local, current: r(5), previous: r(4), keep: 1 });
    expect(plan).toEqual({ gone: [], pruned: [r(1), r(2)] });
    expect(toRemove({ remote: new Set(local), local, current: r(5), previous: r(4), keep: 0 }).pruned).toEqual([r(1), r(2), r(3)]);
  });
});
