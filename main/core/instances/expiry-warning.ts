import type { InstanceDto } from '../../contract/instances/dto';
import { isLiveState } from '../../contract/instances/dto';
import type { Clock } from '../ports';

/** Warn when an instance has this long, or less, left. */
export const EXPIRY_WARNING_LEAD_MS = 15 * 60_000;
/** The longest one timer waits (timers far in the future are set again; Node's setTimeout tops out at ~24.8 days). */
const MAX_WAIT_MS = 60 * 60_000;
/** States whose instances still expire (shutting-down and terminated ones are gone). */

export interface ExpiryWarnerDeps {
  clock: Clock;
  /** Told once per instance and expiry time, when `leadMs` (or a third of its life, if less) or less is left. */
  warn(instance: InstanceDto, msLeft: number): void;
  leadMs?: number;
}

export interface ExpiryWarner {
  /** Instances seen (a sweep, a launch, an extend): those with an expiry are watched; pinned or gone ones are dropped. */
  observe(instances: readonly InstanceDto[]): void;
  /** Everything listed in `region` just now: watched instances of that region missing from it are dropped. */
  replaceRegion(region: string, instances: readonly InstanceDto[]): void;
  /** Terminated or otherwise gone. */
  forget(ids: readonly string[]): void;
  /** Ids watched now (tests). */
  watching(): string[];
  stop(): void;
}

/**
 * Warns about instances about to expire: one timer on the Clock for the soonest warning due. An
 * instance is warned about once per expiry time; extending it (a new expiry) arms it again.
 */
export function createExpiryWarner(deps: ExpiryWarnerDeps): ExpiryWarner {
  const lead = deps.leadMs ?? EXPIRY_WARNING_LEAD_MS;
  const watched = new Map<string, { instance: InstanceDto; at: number }>();
  /** id → the expiresAt it was warned about. */
  const warned = new Map<string, string>();
  let cancel: (() => void) | null = null;
  let stopped = false;

  const isWarned = (id: string, instance: InstanceDto) => warned.get(id) === instance.expiresAt;
  /**
   * The lead, but at most a third of its whole life (launch to expiry): a 15-minute TTL is warned
   * about 5 minutes before, not "expires in 15m" the moment it is launched.
   */
  const leadFor = (instance: InstanceDto, at: number) => {
    const life = at - Date.parse(instance.launchedAt);
    return Number.isFinite(life) ? Math.min(lead, Math.max(0, life) / 3) : lead;
  };

  function drop(id: string): void {
    watched.delete(id);
    warned.delete(id);
  }

  function check(): void {
    cancel = null;
    const now = deps.clock.now().getTime();
    for (const [id, { instance, at }] of [...watched]) {
      if (at <= now) {
        drop(id); // expired: the sweeper's business now
        continue;
      }
      if (at - now > leadFor(instance, at) || isWarned(id, instance)) continue;
      warned.set(id, instance.expiresAt!);
      deps.warn(instance, at - now);
    }
    schedule();
  }

  function schedule(): void {
    cancel?.();
    cancel = null;
    if (stopped) return;
    let next = Infinity;
    for (const [id, { instance, at }] of watched) if (!isWarned(id, instance)) next = Math.min(next, at - leadFor(instance, at));
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - deps.clock.now().getTime()), MAX_WAIT_MS);
    cancel = deps.clock.setTimeout(check, delay);
  }

  function upsert(instance: InstanceDto): void {
    const at = instance.expiresAt && !instance.pinned && isLiveState(instance.state) ? Date.parse(instance.expiresAt) : NaN;
    if (Number.isNaN(at)) drop(instance.id);
    else watched.set(instance.id, { instance, at });
  }

  return {
    observe(instances) {
      for (const instance of instances) upsert(instance);
      schedule();
    },
    replaceRegion(region, instances) {
      const listed = new Set(instances.map((i) => i.id));
      for (const [id, { instance }] of [...watched]) if (instance.region === region && !listed.has(id)) drop(id);
      for (const instance of instances) upsert(instance);
      schedule();
    },
    forget(ids) {
      for (const id of ids) drop(id);
      schedule();
    },
    watching: () => [...watched.keys()],
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}
