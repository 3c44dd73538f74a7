import type { Diagnosis, FleetList, InstanceDto, InstanceFilter, RegionStatus, ShellVia } from '@contract/instances/dto';
import type { LaunchInput } from '@contract/instances/launch-dto';
import type { ContractError } from '@contract/errors';
import type { InstancesEventMap } from '@contract/instances/events';
import type { ContractClient } from '../api/client';
import type { AppStoreState, SliceCreator } from './app-store';
import { removed, upserted, withNotice } from './fleet-changes';
import { launchActions, type LaunchState, type PreflightState } from './instances-launch';
import { rowActions, type ActionOutput } from './instance-actions';
import { latestAnswer, loadLatest, slicePatch } from './slice-kit';

export type { ActionOutput, LaunchState, PreflightState };

/**
 * The instances of one launch that became ready, or did not: ONE banner per launch and kind
 * until dismissed (20 ready instances are "20 of 20 ready", not 20 banners). `total`: how many
 * instances the launch has in the fleet.
 */
export type InstanceNotice =
  | { key: string; kind: 'ready'; label: string; total: number; items: Array<{ instance: InstanceDto; url: string }> }
  | { key: string; kind: 'failed'; label: string; total: number; items: Array<{ instance: InstanceDto; diagnosis: Diagnosis }> };

export interface InstancesState {
  /** The fleet, in the order the core listed it (events upsert in place or append). */
  fleet: InstanceDto[];
  regions: RegionStatus[];
  me: string | null;
  pricesTakenAt: string | null;
  fetchedAt: string | null;
  loaded: boolean;
  loading: boolean;
  error: ContractError | null;
  filter: InstanceFilter;
  selectedId: string | null;
  /** Counts requests to bring the selected instance's details into view (a click, Enter, a link). */
  revealSeq: number;
  /** Instances ticked for a bulk action (Sync now), by id; independent of `selectedId`. */
  checked: string[];
  preflight: PreflightState;
  launch: LaunchState;
  notices: InstanceNotice[];
  /** Why an instance is not ready, by id: from 'instances.failed' or Diagnose. */
  diagnoses: Record<string, Diagnosis>;
  /** The row action being carried out (e.g. `extend`), to disable its buttons. */
  busy: string | null;
  actionError: ContractError | null;
  output: ActionOutput | null;
}

export interface InstancesActions {
  load(): Promise<void>;
  setFilter(changes: Partial<InstanceFilter>): void;
  clearFilter(): void;
  select(id: string | null): void;
  /** Brings the selected instance's details into view (select alone does not: arrow keys move it). */
  reveal(): void;
  toggleChecked(id: string): void;
  setChecked(ids: string[]): void;
  runPreflight(input: LaunchInput): Promise<void>;
  runLaunch(input: LaunchInput): Promise<void>;
  resetLaunch(): void;
  /** Drops a check (running or done) and a failed launch: the form's input changed, so they no longer apply. */
  clearChecks(): void;
  /** `confirm`: the instance is pinned and the user agreed that extending unpins it. */
  extend(id: string, duration: string, confirm?: boolean): Promise<boolean>;
  pin(id: string): Promise<boolean>;
  unpin(id: string): Promise<boolean>;
  /** Asks the core why an instance is not ready (into `diagnoses`), without the busy state of a row action. */
  fetchDiagnosis(id: string): Promise<void>;
  terminate(id: string): Promise<boolean>;
  openUrl(id: string): Promise<void>;
  /** `via`: ssm for a shell over Systems Manager; by default the instance's own way (ssm for an SSM-only one). */
  openSsh(id: string, via?: ShellVia): Promise<void>;
  copySsh(id: string, via?: ShellVia): Promise<void>;
  consoleOutput(id: string): Promise<void>;
  diagnose(id: string): Promise<void>;
  clearOutput(): void;
  dismissNotice(key: string): void;
  applyChanged(payload: InstancesEventMap['instances.changed']): void;
  applyPreflight(payload: InstancesEventMap['instances.preflight']): void;
  applyReady(payload: InstancesEventMap['instances.ready']): void;
  applyFailed(payload: InstancesEventMap['instances.failed']): void;
  applyTerminated(payload: InstancesEventMap['instances.terminated']): void;
}

export type InstancesSlice = InstancesState & InstancesActions;

/** What the slice's action modules (launch, row actions) work with. */
export interface InstancesTools {
  patch(changes: Partial<InstancesState>): void;
  current(): InstancesSlice;
  client: ContractClient;
  /** Updates or appends instances in the fleet. */
  upsert(instances: InstanceDto[]): void;
  /** Takes instances out of the fleet and of what refers to them. */
  remove(refs: Array<{ id: string; region: string }>): void;
}

export const initialInstancesState: InstancesState = {
  fleet: [],
  regions: [],
  me: null,
  pricesTakenAt: null,
  fetchedAt: null,
  loaded: false,
  loading: false,
  error: null,
  filter: {},
  selectedId: null,
  revealSeq: 0,
  checked: [],
  preflight: { status: 'idle' },
  launch: { status: 'idle' },
  notices: [],
  diagnoses: {},
  busy: null,
  actionError: null,
  output: null,
};

export const createInstancesSlice: SliceCreator<'instances'> = (set, get, client) => {
  const listAnswer = latestAnswer();
  const patch = slicePatch(set, 'instances');
  const current = () => get().instances;
  const tools: InstancesTools = {
    patch,
    current,
    client,
    upsert: (instances) => {
      const fleet = upserted(current().fleet, instances);
      if (fleet) patch({ fleet });
    },
    remove: (refs) => {
      const changes = removed(current(), refs);
      if (changes) patch(changes);
    },
  };
  const { upsert, remove } = tools;

  return {
    ...initialInstancesState,
    ...launchActions(tools),
    ...rowActions(tools),
    load: async () => {
      const list: FleetList | undefined = await loadLatest(patch, () => client.api.instances.list({}), listAnswer);
      if (!list) return;
      const { selectedId, checked } = current();
      const listed = new Set(list.instances.map((i) => i.id));
      patch({
        checked: checked.filter((id) => listed.has(id)),
        fleet: list.instances,
        regions: list.regions,
        me: list.me,
        pricesTakenAt: list.pricesTakenAt,
        fetchedAt: list.fetchedAt,
        loaded: true,
        loading: false,
        error: null,
        selectedId: selectedId !== null && list.instances.some((i) => i.id === selectedId) ? selectedId : null,
      });
    },
    setFilter: (changes) => {
      const filter: InstanceFilter = { ...current().filter, ...changes };
      for (const k of Object.keys(filter) as Array<keyof InstanceFilter>) {
        const value = filter[k];
        if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete filter[k];
      }
      patch({ filter });
    },
    clearFilter: () => patch({ filter: {} }),
    select: (id) => {
      if (id === current().selectedId) return;
      patch({ selectedId: id, output: null, actionError: null });
    },
    reveal: () => patch({ revealSeq: current().revealSeq + 1 }),
    toggleChecked: (id) => {
      const { checked } = current();
      patch({ checked: checked.includes(id) ? checked.filter((c) => c !== id) : [...checked, id] });
    },
    setChecked: (ids) => patch({ checked: [...new Set(ids)] }),
    dismissNotice: (k) => patch({ notices: current().notices.filter((n) => n.key !== k) }),
    applyChanged: ({ upserted: changed, removed: gone }) => {
      listAnswer.drop();
      upsert(changed);
      remove(gone);
    },
    applyReady: ({ instance, url }) => {
      upsert([instance]);
      patch({ notices: withNotice(current(), 'ready', instance, { instance, url }) });
    },
    applyFailed: ({ instance, diagnosis }) => {
      upsert([instance]);
      patch({ diagnoses: { ...current().diagnoses, [instance.id]: diagnosis }, notices: withNotice(current(), 'failed', instance, { instance, diagnosis }) });
    },
    applyTerminated: ({ instances }) => remove(instances),
  };
};

export const selectFleet = (s: AppStoreState): InstanceDto[] => s.instances.fleet;
export const selectInstanceFilter = (s: AppStoreState): InstanceFilter => s.instances.filter;
export const selectSelectedInstance = (s: AppStoreState): InstanceDto | null =>
  s.instances.selectedId === null ? null : (s.instances.fleet.find((i) => i.id === s.instances.selectedId) ?? null);
