import type { DriftReport, PackageSummary, PointerState, RevisionInfo, RevisionsChangedEvent, SpoolDoneEvent, SpoolProgressEvent } from '@contract/revisions/dto';
import type { ContractError, Result } from '@contract/errors';
import type { SliceCreator } from './app-store';
import { latestAnswer, loadLatest, runAction, slicePatch } from './slice-kit';
import { spoolCancelling, spoolFinished, spoolProgressed, spoolStarted, type SpoolJob } from './revisions-spool';

export type { SpoolJob };

export interface RevisionsState {
  /** The bucket's packages, as the core listed them. */
  packages: PackageSummary[];
  loaded: boolean;
  loading: boolean;
  error: ContractError | null;
  selected: string | null;
  /** The selected package's revisions, oldest first. */
  revisions: RevisionInfo[];
  revisionsLoading: boolean;
  revisionsError: ContractError | null;
  /** The action being carried out ('jump' or 'jumpBack'), to disable the buttons. */
  busy: 'jump' | 'jumpBack' | null;
  actionError: ContractError | null;
  /** What the last bless or roll back left the pointers at. */
  lastPointers: PointerState | null;
  /** Which revision each server of the selected package runs. */
  drift: DriftReport | null;
  driftLoading: boolean;
  driftError: ContractError | null;
  /** Spools running or recently finished, newest first (this window's and others'). */
  spools: SpoolJob[];
  spoolStarting: boolean;
  /** Why the last spool could not start (bad path, no bucket, ...). */
  spoolError: ContractError | null;
  /** Whether dropped files have a readable location (the desktop app; not browser mode). */
  canReadFilePaths: boolean;
}

export interface RevisionsActions {
  load(): Promise<void>;
  select(name: string | null): Promise<void>;
  /** Blesses `<package>.<rev>` (the bucket's current pointer moves to it). */
  jump(revision: string): Promise<boolean>;
  /** Rolls the package back to its previous revision. */
  jumpBack(pkg: string): Promise<boolean>;
  loadDrift(pkg: string): Promise<void>;
  /** Starts spooling a path on the machine running the core; progress arrives as events. */
  startSpool(path: string): Promise<boolean>;
  cancelSpool(spoolId: string): Promise<void>;
  dismissSpool(spoolId: string): void;
  /** A dropped or picked file's location on disk; null when unknown (always in browser mode). */
  pathForFile(file: File): string | null;
  applySpoolProgress(event: SpoolProgressEvent): void;
  applySpoolDone(event: SpoolDoneEvent): void;
  applyChanged(event: RevisionsChangedEvent): void;
}

export type RevisionsSlice = RevisionsState & RevisionsActions;

export const initialRevisionsState: RevisionsState = {
  packages: [],
  loaded: false,
  loading: false,
  error: null,
  selected: null,
  revisions: [],
  revisionsLoading: false,
  revisionsError: null,
  busy: null,
  actionError: null,
  lastPointers: null,
  drift: null,
  driftLoading: false,
  driftError: null,
  spools: [],
  spoolStarting: false,
  spoolError: null,
  canReadFilePaths: false,
};

export const createRevisionsSlice: SliceCreator<'revisions'> = (set, get, client) => {
  const listAnswer = latestAnswer();
  const revisionsAnswer = latestAnswer();
  const driftAnswer = latestAnswer();
  const patch = slicePatch(set, 'revisions');
  const current = () => get().revisions;

  const loadRevisions = async (pkg: string) => {
    const isLatest = revisionsAnswer.begin();
    patch({ revisionsLoading: true, revisionsError: null });
    const result = await client.api.revisions.revisions({ package: pkg });
    if (!isLatest() || current().selected !== pkg) return;
    patch(result.ok ? { revisions: result.value, revisionsLoading: false } : { revisions: [], revisionsLoading: false, revisionsError: result.error });
  };

  const loadDrift = async (pkg: string) => {
    const isLatest = driftAnswer.begin();
    patch({ driftLoading: true, driftError: null });
    const result = await client.api.revisions.drift({ package: pkg });
    if (!isLatest() || current().selected !== pkg) return;
    patch(result.ok ? { drift: result.value, driftLoading: false } : { drift: null, driftLoading: false, driftError: result.error });
  };

  /** The selected package's revisions and drift, side by side. */
  const loadSelected = (pkg: string) => Promise.all([loadRevisions(pkg), loadDrift(pkg)]).then(() => undefined);

  /** A spool of this window stored a revision: show its package. */
  const showSpooled = async (job: SpoolJob | undefined) => {
    if (!job?.mine || job.status !== 'done' || !job.result) return;
    if (current().selected !== job.result.package) await get().revisions.select(job.result.package);
  };

  /**
   * Runs a pointer move and shows its pointers at once; the core's revisions.changed that follows
   * reloads the packages and the selected package (applyChanged), in this window and the others.
   */
  const act = async (name: 'jump' | 'jumpBack', call: () => Promise<Result<PointerState>>) => {
    const pointers = await runAction(patch, name, call, {
      done: (moved) => ({
        lastPointers: moved,
        packages: current().packages.map((p) => (p.name === moved.package ? { ...p, current: moved.current, previous: moved.previous } : p)),
      }),
    });
    return pointers !== null;
  };

  return {
    ...initialRevisionsState,
    canReadFilePaths: typeof client.pathForFile === 'function',
    load: async () => {
      const packages = await loadLatest(patch, () => client.api.revisions.packages({}), listAnswer);
      if (!packages) return;
      const { selected } = current();
      const stillThere = selected !== null && packages.some((p) => p.name === selected);
      patch({ packages, loaded: true, loading: false, ...(stillThere ? {} : { selected: null, revisions: [], drift: null }) });
      if (stillThere) await loadSelected(selected);
    },
    select: async (name) => {
      patch({ selected: name, revisions: [], revisionsError: null, actionError: null, lastPointers: null, drift: null, driftError: null });
      if (name !== null) await loadSelected(name);
    },
    jump: (revision) => act('jump', () => client.api.revisions.jump({ revision })),
    jumpBack: (pkg) => act('jumpBack', () => client.api.revisions.jumpBack({ package: pkg })),
    loadDrift,
    startSpool: async (path) => {
      patch({ spoolStarting: true, spoolError: null });
      const result = await client.api.revisions.spool({ path });
      if (!result.ok) {
        patch({ spoolStarting: false, spoolError: result.error });
        return false;
      }
      patch({ spoolStarting: false, spools: spoolStarted(current().spools, result.value.spoolId, result.value.path) });
      await showSpooled(current().spools.find((j) => j.spoolId === result.value.spoolId));
      return true;
    },
    cancelSpool: async (spoolId) => {
      patch({ spools: spoolCancelling(current().spools, spoolId) });
      const result = await client.api.revisions.cancelSpool({ spoolId });
      if (!result.ok) patch({ spoolError: result.error });
    },
    dismissSpool: (spoolId) => patch({ spools: current().spools.filter((j) => j.spoolId !== spoolId) }),
    pathForFile: (file) => client.pathForFile?.(file) ?? null,
    applySpoolProgress: (event) => patch({ spools: spoolProgressed(current().spools, event) }),
    applySpoolDone: (event) => {
      patch({ spools: spoolFinished(current().spools, event) });
      void showSpooled(current().spools.find((j) => j.spoolId === event.spoolId));
    },
    applyChanged: () => {
      // Another window (or this one) spooled, blessed or rolled back: list again what is shown.
      if (current().loaded || current().error) void get().revisions.load();
    },
  };
};
