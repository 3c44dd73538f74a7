import type { PackageSummary, PointerState, RevisionInfo } from '../../../main/contract/dto/revisions';
import type { ContractError, Result } from '../../../main/contract/errors';
import type { SliceCreator } from './app-store';

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
}

export interface RevisionsActions {
  load(): Promise<void>;
  select(name: string | null): Promise<void>;
  /** Blesses `<package>.<rev>` (the bucket's current pointer moves to it). */
  jump(revision: string): Promise<boolean>;
  /** Rolls the package back to its previous revision. */
  jumpBack(pkg: string): Promise<boolean>;
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
};

export const createRevisionsSlice: SliceCreator<'revisions'> = (set, get, client) => {
  let listSeq = 0;
  let revisionsSeq = 0;
  const patch = (changes: Partial<RevisionsState>) => set((s) => ({ revisions: { ...s.revisions, ...changes } }));
  const current = () => get().revisions;

  const loadRevisions = async (pkg: string) => {
    const seq = ++revisionsSeq;
    patch({ revisionsLoading: true, revisionsError: null });
    const result = await client.api.revisions.revisions({ package: pkg });
    if (seq !== revisionsSeq || current().selected !== pkg) return;
    patch(result.ok ? { revisions: result.value, revisionsLoading: false } : { revisions: [], revisionsLoading: false, revisionsError: result.error });
  };

  /** Runs a pointer move; on success the package list and the selected package's revisions reload. */
  const act = async (name: 'jump' | 'jumpBack', call: () => Promise<Result<PointerState>>) => {
    patch({ busy: name, actionError: null });
    const result = await call();
    if (!result.ok) {
      patch({ busy: null, actionError: result.error });
      return false;
    }
    const pointers = result.value;
    patch({
      busy: null,
      lastPointers: pointers,
      packages: current().packages.map((p) => (p.name === pointers.package ? { ...p, current: pointers.current, previous: pointers.previous } : p)),
    });
    const { selected } = current();
    if (selected) await loadRevisions(selected);
    return true;
  };

  return {
    ...initialRevisionsState,
    load: async () => {
      const seq = ++listSeq;
      patch({ loading: true, error: null });
      const result = await client.api.revisions.packages({});
      if (seq !== listSeq) return;
      if (!result.ok) {
        patch({ loading: false, error: result.error });
        return;
      }
      const { selected } = current();
      const stillThere = selected !== null && result.value.some((p) => p.name === selected);
      patch({ packages: result.value, loaded: true, loading: false, ...(stillThere ? {} : { selected: null, revisions: [] }) });
      if (stillThere) await loadRevisions(selected);
    },
    select: async (name) => {
      patch({ selected: name, revisions: [], revisionsError: null, actionError: null, lastPointers: null });
      if (name !== null) await loadRevisions(name);
    },
    jump: (revision) => act('jump', () => client.api.revisions.jump({ revision })),
    jumpBack: (pkg) => act('jumpBack', () => client.api.revisions.jumpBack({ package: pkg })),
  };
};
