import type {
  ConsoleOutput,
  Diagnosis,
  FleetList,
  InstanceDto,
  InstanceFilter,
  LaunchInput,
  LaunchResult,
  PreflightItem,
  PreflightResult,
  RegionStatus,
} from '../../../main/contract/dto/instances';
import type { ContractError, Result } from '../../../main/contract/errors';
import type { InstancesEventMap } from '../../../main/contract/instances-api';
import type { AppStoreState, SliceCreator } from './app-store';
import { latestAnswer, runAction, slicePatch } from './slice-kit';

export type PreflightState =
  | { status: 'idle' }
  | { status: 'running'; launchId: string; items: PreflightItem[] }
  | { status: 'done'; launchId: string; items: PreflightItem[]; result: PreflightResult }
  | { status: 'error'; launchId: string; items: PreflightItem[]; error: ContractError };

export type LaunchState =
  | { status: 'idle' }
  | { status: 'running'; launchId: string }
  | { status: 'done'; result: LaunchResult }
  | { status: 'error'; error: ContractError };

/**
 * The instances of one launch that became ready, or did not: ONE banner per launch and kind
 * until dismissed (20 ready instances are "20 of 20 ready", not 20 banners). `total`: how many
 * instances the launch has in the fleet.
 */
export type InstanceNotice =
  | { key: string; kind: 'ready'; label: string; total: number; items: Array<{ instance: InstanceDto; url: string }> }
  | { key: string; kind: 'failed'; label: string; total: number; items: Array<{ instance: InstanceDto; diagnosis: Diagnosis }> };

/** What a row action answered, shown in the details panel. */
export type ActionOutput =
  | { kind: 'console'; id: string; output: ConsoleOutput }
  | { kind: 'diagnosis'; id: string; diagnosis: Diagnosis }
  | { kind: 'ssh'; id: string; text: string; copied: boolean }
  | { kind: 'message'; id: string; text: string };

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
  openSsh(id: string): Promise<void>;
  copySsh(id: string): Promise<void>;
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

const key = (ref: { id: string; region: string }) => `${ref.region}/${ref.id}`;

/** A launch id made here, so the page can tell its own preflight events from others'. */
/** An id the renderer makes for work whose events may arrive before the call answers: `<prefix><12 hex>`. */
export function newUiId(prefix: string, random: () => number = Math.random): string {
  let hex = '';
  for (let i = 0; i < 12; i++) hex += Math.floor(random() * 16).toString(16);
  return `${prefix}${hex}`;
}

export function newLaunchId(random: () => number = Math.random): string {
  return newUiId('ui-', random);
}

/** Copies text with the async clipboard; false when the page may not (the caller then shows it to select). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export const createInstancesSlice: SliceCreator<'instances'> = (set, get, client) => {
  const listAnswer = latestAnswer();
  const patch = slicePatch(set, 'instances');
  const current = () => get().instances;
  const find = (id: string) => current().fleet.find((i) => i.id === id);
  const upsert = (instances: InstanceDto[]) => {
    if (instances.length === 0) return;
    const fleet = [...current().fleet];
    const index = new Map(fleet.map((i, n) => [key(i), n]));
    for (const instance of instances) {
      const at = index.get(key(instance));
      if (at === undefined) {
        index.set(key(instance), fleet.length);
        fleet.push(instance);
      } else fleet[at] = instance;
    }
    patch({ fleet });
  };
  const remove = (refs: Array<{ id: string; region: string }>) => {
    if (refs.length === 0) return;
    const gone = new Set(refs.map(key));
    const { fleet, selectedId, output, checked } = current();
    const kept = fleet.filter((i) => !gone.has(key(i)));
    if (kept.length === fleet.length) return;
    const selectionGone = selectedId !== null && !kept.some((i) => i.id === selectedId);
    const keptIds = new Set(kept.map((i) => i.id));
    patch({
      fleet: kept,
      // A terminated instance is neither "ready" to open nor one that "did not become ready".
      notices: current().notices.flatMap((n) => {
        const items = (n.items as Array<{ instance: InstanceDto }>).filter((item) => !gone.has(key(item.instance)));
        return items.length === 0 ? [] : [{ ...n, items } as InstanceNotice];
      }),
      checked: checked.filter((id) => keptIds.has(id)),
      ...(selectionGone ? { selectedId: null, output: output?.id === selectedId ? null : output } : {}),
    });
  };
  /** Runs a row action on a known instance; its error lands in actionError. */
  const act = async <T>(name: string, id: string, call: (ref: { id: string; region: string }) => Promise<Result<T>>) => {
    const instance = find(id);
    if (!instance) return null;
    return runAction(patch, name, () => call({ id: instance.id, region: instance.region }));
  };

  /** Adds an instance to its launch's notice of that kind (made if there is none), replacing an older entry for it. */
  function addToNotice<K extends InstanceNotice['kind']>(kind: K, instance: InstanceDto, item: Extract<InstanceNotice, { kind: K }>['items'][number]): void {
    const launch = instance.launchId || instance.id;
    const k = `${kind}:${instance.region}/${launch}`;
    const { notices, fleet } = current();
    const existing = notices.find((n) => n.key === k);
    const items = [...((existing?.items ?? []) as Array<{ instance: InstanceDto }>).filter((i) => i.instance.id !== instance.id), item];
    const sameLaunch = fleet.filter((i) => i.region === instance.region && (i.launchId || i.id) === launch).length;
    const notice = { key: k, kind, label: instance.name || `${instance.project}/${instance.branch}`, total: Math.max(sameLaunch, items.length, existing?.total ?? 0), items } as InstanceNotice;
    patch({ notices: existing ? notices.map((n) => (n.key === k ? notice : n)) : [...notices, notice] });
  }

  return {
    ...initialInstancesState,
    load: async () => {
      const isLatest = listAnswer.begin();
      patch({ loading: true, error: null });
      const result = await client.api.instances.list({});
      if (!isLatest()) return;
      if (!result.ok) {
        patch({ loading: false, error: result.error });
        return;
      }
      const list: FleetList = result.value;
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
    runPreflight: async (input) => {
      const launchId = newLaunchId();
      patch({ preflight: { status: 'running', launchId, items: [] }, launch: { status: 'idle' } });
      const result = await client.api.instances.preflight({ ...input, launchId });
      const now = current().preflight;
      if (now.status === 'idle' || now.launchId !== launchId) return;
      patch({
        preflight: result.ok
          ? { status: 'done', launchId, items: result.value.items, result: result.value }
          : { status: 'error', launchId, items: now.items, error: result.error },
      });
    },
    runLaunch: async (input) => {
      const launchId = newLaunchId();
      patch({ launch: { status: 'running', launchId }, preflight: { status: 'running', launchId, items: [] } });
      const result = await client.api.instances.launch({ ...input, launchId });
      if (result.ok) {
        upsert(result.value.instances);
        patch({
          launch: { status: 'done', result: result.value },
          preflight: { status: 'idle' },
        });
        return;
      }
      const data = result.error.data as { preflight?: PreflightResult } | undefined;
      const checks = data?.preflight;
      const now = current().preflight;
      patch({
        launch: { status: 'error', error: result.error },
        preflight: checks && Array.isArray(checks.items)
          ? { status: 'done', launchId, items: checks.items, result: checks }
          : now.status !== 'idle' && now.items.length > 0
            ? { status: 'error', launchId, items: now.items, error: result.error }
            : { status: 'idle' },
      });
    },
    resetLaunch: () => patch({ launch: { status: 'idle' }, preflight: { status: 'idle' } }),
    clearChecks: () => {
      const { preflight, launch } = current();
      if (launch.status === 'running') return;
      if (preflight.status !== 'idle' || launch.status === 'error') patch({ preflight: { status: 'idle' }, ...(launch.status === 'error' ? { launch: { status: 'idle' } } : {}) });
    },
    extend: async (id, duration, confirm) => {
      const updated = await act('extend', id, (ref) => client.api.instances.extend({ ...ref, duration, ...(confirm ? { confirm: true } : {}) }));
      if (updated) upsert([updated]);
      return updated !== null;
    },
    unpin: async (id) => {
      const updated = await act('unpin', id, (ref) => client.api.instances.unpin(ref));
      if (updated) upsert([updated]);
      return updated !== null;
    },
    fetchDiagnosis: async (id) => {
      const instance = find(id);
      if (!instance) return;
      const result = await client.api.instances.diagnose({ id, region: instance.region });
      if (result.ok) patch({ diagnoses: { ...current().diagnoses, [id]: result.value } });
    },
    pin: async (id) => {
      const updated = await act('pin', id, (ref) => client.api.instances.pin({ ...ref, confirm: true }));
      if (updated) upsert([updated]);
      return updated !== null;
    },
    terminate: async (id) => {
      const result = await act('terminate', id, (ref) => client.api.instances.terminate({ ids: [ref.id], region: ref.region }));
      if (!result) return false;
      const refused = result.refused.find((r) => r.id === id);
      if (refused) {
        patch({ actionError: { code: 'forbidden', message: `Not terminated: ${refused.reason}` } });
        return false;
      }
      remove(result.terminated);
      return true;
    },
    openUrl: async (id) => {
      await act('open', id, (ref) => client.api.instances.openUrl(ref));
    },
    openSsh: async (id) => {
      await act('ssh', id, (ref) => client.api.instances.openSsh(ref));
    },
    copySsh: async (id) => {
      const command = await act('copy', id, (ref) => client.api.instances.sshCommand(ref));
      if (!command) return;
      const copied = await copyText(command.text);
      patch({ output: { kind: 'ssh', id, text: command.text, copied } });
    },
    consoleOutput: async (id) => {
      const output = await act('console', id, (ref) => client.api.instances.consoleOutput(ref));
      if (output) patch({ output: { kind: 'console', id, output } });
    },
    diagnose: async (id) => {
      const diagnosis = await act('diagnose', id, (ref) => client.api.instances.diagnose(ref));
      if (diagnosis) patch({ output: { kind: 'diagnosis', id, diagnosis }, diagnoses: { ...current().diagnoses, [id]: diagnosis } });
    },
    clearOutput: () => patch({ output: null }),
    dismissNotice: (k) => patch({ notices: current().notices.filter((n) => n.key !== k) }),
    applyChanged: ({ upserted, removed }) => {
      listAnswer.drop();
      upsert(upserted);
      remove(removed);
    },
    applyPreflight: ({ launchId, items }) => {
      const now = current().preflight;
      if (now.status !== 'running' || now.launchId !== launchId) return;
      patch({ preflight: { ...now, items } });
    },
    applyReady: ({ instance, url }) => {
      upsert([instance]);
      addToNotice('ready', instance, { instance, url });
    },
    applyFailed: ({ instance, diagnosis }) => {
      upsert([instance]);
      patch({ diagnoses: { ...current().diagnoses, [instance.id]: diagnosis } });
      addToNotice('failed', instance, { instance, diagnosis });
    },
    applyTerminated: ({ instances }) => remove(instances),
  };
};

export const selectFleet = (s: AppStoreState): InstanceDto[] => s.instances.fleet;
export const selectInstanceFilter = (s: AppStoreState): InstanceFilter => s.instances.filter;
export const selectSelectedInstance = (s: AppStoreState): InstanceDto | null =>
  s.instances.selectedId === null ? null : (s.instances.fleet.find((i) => i.id === s.instances.selectedId) ?? null);
