import type { InstanceDto } from '@contract/instances/dto';
import type { InstanceNotice, InstancesState } from './instances-slice';

/**
 * How the fleet and what hangs off it (notices, ticks, the selection) change when instances are
 * added, updated or gone: pure functions of the instances slice's state, answering the changes.
 */

type Ref = { id: string; region: string };

const key = (ref: Ref) => `${ref.region}/${ref.id}`;

/** The fleet with `instances` updated in place (by region and id) or appended; null when nothing changes. */
export function upserted(fleet: readonly InstanceDto[], instances: readonly InstanceDto[]): InstanceDto[] | null {
  if (instances.length === 0) return null;
  const next = [...fleet];
  const index = new Map(next.map((i, n) => [key(i), n]));
  for (const instance of instances) {
    const at = index.get(key(instance));
    if (at === undefined) {
      index.set(key(instance), next.length);
      next.push(instance);
    } else next[at] = instance;
  }
  return next;
}

/** `refs` gone from the fleet, its notices, the ticked ids and the selection; null when none was there. */
export function removed(state: InstancesState, refs: readonly Ref[]): Partial<InstancesState> | null {
  if (refs.length === 0) return null;
  const gone = new Set(refs.map(key));
  const { fleet, selectedId, output, checked } = state;
  const kept = fleet.filter((i) => !gone.has(key(i)));
  if (kept.length === fleet.length) return null;
  const selectionGone = selectedId !== null && !kept.some((i) => i.id === selectedId);
  const keptIds = new Set(kept.map((i) => i.id));
  return {
    fleet: kept,
    // A terminated instance is neither "ready" to open nor one that "did not become ready".
    notices: state.notices.flatMap((n) => {
      const items = (n.items as Array<{ instance: InstanceDto }>).filter((item) => !gone.has(key(item.instance)));
      return items.length === 0 ? [] : [{ ...n, items } as InstanceNotice];
    }),
    checked: checked.filter((id) => keptIds.has(id)),
    ...(selectionGone ? { selectedId: null, output: output?.id === selectedId ? null : output } : {}),
  };
}

/** The notices with `instance` added to its launch's notice of that kind (made if there is none), replacing an older entry for it. */
export function withNotice<K extends InstanceNotice['kind']>(
  { notices, fleet }: Pick<InstancesState, 'notices' | 'fleet'>,
  kind: K,
  instance: InstanceDto,
  item: Extract<InstanceNotice, { kind: K }>['items'][number],
): InstanceNotice[] {
  const launch = instance.launchId || instance.id;
  const k = `${kind}:${instance.region}/${launch}`;
  const existing = notices.find((n) => n.key === k);
  const items = [...((existing?.items ?? []) as Array<{ instance: InstanceDto }>).filter((i) => i.instance.id !== instance.id), item];
  const sameLaunch = fleet.filter((i) => i.region === instance.region && (i.launchId || i.id) === launch).length;
  const notice = { key: k, kind, label: instance.name || `${instance.project}/${instance.branch}`, total: Math.max(sameLaunch, items.length, existing?.total ?? 0), items } as InstanceNotice;
  return existing ? notices.map((n) => (n.key === k ? notice : n)) : [...notices, notice];
}
