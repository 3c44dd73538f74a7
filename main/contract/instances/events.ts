import type { Diagnosis, FleetList, InstanceDto } from './dto';
import type { PreflightItem } from './launch-dto';

/** Every event the Instances capability emits, with its payload. */
export interface InstancesEventMap {
  /** A pre-flight item started or finished; `items` is the whole checklist so far. */
  'instances.preflight': { launchId: string; item: PreflightItem; items: PreflightItem[] };
  /** Instances were launched, changed state or readiness, were extended or pinned (upserted), or are gone (removed). */
  'instances.changed': { upserted: InstanceDto[]; removed: Array<{ id: string; region: string }> };
  /** The instance's ready-url answered 2xx/3xx. */
  'instances.ready': { instance: InstanceDto; url: string };
  /** Not ready by its deadline, or it stopped while booting; `diagnosis` says which stage. */
  'instances.failed': { instance: InstanceDto; diagnosis: Diagnosis };
  /** Terminated by someone here (`requested`) or by the sweeper (`expired`). */
  'instances.terminated': { instances: Array<{ id: string; region: string }>; reason: 'requested' | 'expired' };
  /**
   * The live fleet as the core's sweep (at start and every few minutes) has just listed it, shaped
   * as `list` answers (what the sweep terminated left out; a region it could not list is in
   * `regions` with why). A host keeps its view current with this instead of listing again.
   */
  'instances.listed': FleetList;
}

export type InstancesEventName = keyof InstancesEventMap;

export const instancesEventNames = [
  'instances.preflight',
  'instances.changed',
  'instances.ready',
  'instances.failed',
  'instances.terminated',
  'instances.listed',
] as const satisfies readonly InstancesEventName[];
