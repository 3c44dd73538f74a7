/** A bucket in memory for the Revisions page's tests (imported only by *.test.tsx files). */
import { vi } from 'vitest';
import type { DriftReport, PackageSummary, PointerState, RevisionInfo } from '@contract/revisions/dto';
import { ok } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';

export const A = 'site.2026010100001Aa';
export const B = 'site.2026010200001Bb';
export const C = 'site.2026010300001Cc';

export function revision(name: string, size: number, lastModified: string): RevisionInfo {
  const rev = name.slice(name.indexOf('.') + 1);
  return { name, package: name.slice(0, name.indexOf('.')), rev, key: `${name}.tgz`, size, lastModified, current: false, previous: false };
}

export function emptyDrift(pkg: string, current: string | null): DriftReport {
  return { package: pkg, current, currentSince: null, staleAfterHours: 24, entries: [], otherInstances: 0, instancesError: null, checkedAt: new Date().toISOString() };
}

/** The fake client's revisions.* answer from a bucket in memory and move its pointers. */
export function withBucket(fake = createFakeClient()) {
  const state: { current: string | null; previous: string | null } = { current: B, previous: A };
  const revs = [revision(A, 1024, '2026-01-01T00:00:01Z'), revision(B, 5 << 20, '2026-01-02T00:00:01Z'), revision(C, 300, '2026-01-03T00:00:01Z')];
  const pointers = (): PointerState => ({ package: 'site', ...state });
  const api = {
    packages: vi.fn(async () => ok<PackageSummary[]>([{ name: 'site', ...state }, { name: 'docs', current: null, previous: null }])),
    revisions: vi.fn(async ({ package: pkg }: { package: string }) =>
      ok(revs.filter((r) => r.package === pkg).map((r) => ({ ...r, current: r.name === state.current, previous: r.name === state.previous }))),
    ),
    // Like the core: a pointer move answers, then says revisions.changed (which reloads the page).
    jump: vi.fn(async ({ revision }: { revision: string }) => {
      if (revision !== state.current) Object.assign(state, { previous: state.current, current: revision });
      queueMicrotask(() => fake.emit('revisions.changed', { package: 'site', reason: 'jump' }));
      return ok(pointers());
    }),
    jumpBack: vi.fn(async () => {
      Object.assign(state, { current: state.previous, previous: state.current });
      queueMicrotask(() => fake.emit('revisions.changed', { package: 'site', reason: 'jumpBack' }));
      return ok(pointers());
    }),
    drift: vi.fn(async ({ package: pkg }: { package: string }) => ok(emptyDrift(pkg, pkg === 'site' ? state.current : null))),
    spool: vi.fn(async ({ path }: { path: string }) => ok({ spoolId: 'spool-1', path })),
    cancelSpool: vi.fn(async () => ok({ cancelled: true })),
  };
  Object.assign(fake.api.revisions, api);
  return { fake, api, revs, state };
}
