import type { PreviewResult, ProjectDetail, ProjectSummary } from '@contract/projects/dto';
import { errorData, type ContractError } from '@contract/errors';
import type { AppStoreState, SliceCreator } from './app-store';
import { latestAnswer, loadLatest, slicePatch } from './slice-kit';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; id: string }
  /** `stale` once the project's files changed after this preview was rendered. */
  | { status: 'done'; id: string; result: PreviewResult; stale: boolean }
  | { status: 'error'; id: string; error: ContractError };

export interface ProjectsState {
  list: ProjectSummary[];
  /** The list has been answered at least once (so an empty list means "no projects"). */
  loaded: boolean;
  loading: boolean;
  error: ContractError | null;
  selectedId: string | null;
  /** Detail of the selected project; may briefly belong to the previous one (see selectDetail). */
  detail: ProjectDetail | null;
  detailLoading: boolean;
  detailError: ContractError | null;
  preview: PreviewState;
  /**
   * Project details fetched for other pages (the launch form's package and options, Revisions'
   * projects of a package, Settings' option defaults), by id; emptied when the projects change.
   */
  known: Record<string, KnownDetail>;
}

/** A detail fetched for another page, or why it could not be. */
export type KnownDetail = { detail: ProjectDetail; error: null } | { detail: null; error: ContractError };

export interface PreviewRequest {
  gitUser: string;
  gitBranch: string;
}

export interface ProjectsActions {
  load(): Promise<void>;
  /** Selects a project (null clears the selection) and loads its detail. */
  select(id: string | null): Promise<void>;
  refreshDetail(): Promise<void>;
  runPreview(request: PreviewRequest): Promise<void>;
  /** A fresh list from `projects.changed`: replaces the list and refreshes the selected detail. */
  applyChanged(list: ProjectSummary[]): void;
  /** Fetches the details of `ids` not known yet (each once at a time) into `known`. */
  fetchDetails(ids: string[]): Promise<void>;
}

export type ProjectsSlice = ProjectsState & ProjectsActions;

export const initialProjectsState: ProjectsState = {
  list: [],
  loaded: false,
  loading: false,
  error: null,
  selectedId: null,
  detail: null,
  detailLoading: false,
  detailError: null,
  preview: { status: 'idle' },
  known: {},
};

export const createProjectsSlice: SliceCreator<'projects'> = (set, get, client) => {
  // Answers can arrive out of order; each guard lets only the latest request of its kind land.
  const listAnswer = latestAnswer();
  const detailAnswer = latestAnswer();
  const previewAnswer = latestAnswer();
  // Bumped when the projects change, so a detail fetched for the old files does not land.
  let knownGeneration = 0;
  const fetching = new Set<string>();

  const patch = slicePatch(set, 'projects');
  const current = () => get().projects;

  const loadDetail = async (id: string) => {
    const isLatest = detailAnswer.begin();
    patch({ detailLoading: true, detailError: null });
    const result = await client.api.projects.get({ id });
    if (!isLatest() || current().selectedId !== id) return;
    patch(
      result.ok
        ? { detail: result.value, detailLoading: false, detailError: null }
        : { detailLoading: false, detailError: result.error },
    );
  };

  return {
    ...initialProjectsState,

    load: async () => {
      // Nothing lands when a newer load or a projects.changed event answered meanwhile.
      const list = await loadLatest(patch, () => client.api.projects.list({}), listAnswer);
      if (list) current().applyChanged(list);
    },

    select: async (id) => {
      if (id === current().selectedId) return;
      previewAnswer.drop();
      patch({ selectedId: id, detailError: null, preview: { status: 'idle' } });
      if (id === null) {
        detailAnswer.drop();
        patch({ detail: null, detailLoading: false });
        return;
      }
      await loadDetail(id);
    },

    refreshDetail: async () => {
      const id = current().selectedId;
      if (id !== null) await loadDetail(id);
    },

    runPreview: async ({ gitUser, gitBranch }) => {
      const id = current().selectedId;
      if (id === null) return;
      const isLatest = previewAnswer.begin();
      patch({ preview: { status: 'loading', id } });
      const result = await client.api.projects.preview({ id, gitUser, gitBranch });
      if (!isLatest() || current().selectedId !== id) return;
      patch({
        preview: result.ok
          ? { status: 'done', id, result: result.value, stale: false }
          : { status: 'error', id, error: result.error },
      });
    },

    applyChanged: (list) => {
      listAnswer.drop();
      const { selectedId, preview } = current();
      const stillThere = selectedId !== null && list.some((p) => p.id === selectedId);
      knownGeneration++;
      fetching.clear();
      patch({ list, loaded: true, loading: false, error: null, known: {} });
      if (selectedId === null) return;
      if (!stillThere) {
        detailAnswer.drop();
        previewAnswer.drop();
        patch({ selectedId: null, detail: null, detailLoading: false, detailError: null, preview: { status: 'idle' } });
        return;
      }
      if (preview.status === 'done') patch({ preview: { ...preview, stale: true } });
      void loadDetail(selectedId);
    },

    fetchDetails: async (ids) => {
      const generation = knownGeneration;
      const wanted = [...new Set(ids)].filter((id) => id && !(id in current().known) && !fetching.has(id));
      for (const id of wanted) fetching.add(id);
      await Promise.all(
        wanted.map(async (id) => {
          const result = await client.api.projects.get({ id });
          if (generation !== knownGeneration) return;
          fetching.delete(id);
          const entry: KnownDetail = result.ok ? { detail: result.value, error: null } : { detail: null, error: result.error };
          patch({ known: { ...current().known, [id]: entry } });
        }),
      );
    },
  };
};

export const selectProjects = (s: AppStoreState): ProjectSummary[] => s.projects.list;
export const selectProjectsLoaded = (s: AppStoreState): boolean => s.projects.loaded;
export const selectProjectsLoading = (s: AppStoreState): boolean => s.projects.loading;
export const selectProjectsError = (s: AppStoreState): ContractError | null => s.projects.error;
export const selectSelectedId = (s: AppStoreState): string | null => s.projects.selectedId;
export const selectSelectedSummary = (s: AppStoreState): ProjectSummary | null =>
  s.projects.list.find((p) => p.id === s.projects.selectedId) ?? null;
/** The detail of the selected project, or null while it has not arrived. */
export const selectDetail = (s: AppStoreState): ProjectDetail | null =>
  s.projects.detail && s.projects.detail.id === s.projects.selectedId ? s.projects.detail : null;
export const selectDetailLoading = (s: AppStoreState): boolean => s.projects.detailLoading;
export const selectDetailError = (s: AppStoreState): ContractError | null => s.projects.detailError;
export const selectPreview = (s: AppStoreState): PreviewState => s.projects.preview;

/** The `file:line: message` texts a failed call carries in `error.data.problems`, if any. */
export function problemTexts(error: ContractError): string[] {
  return (errorData(error, 'invalid-input')?.problems ?? []).map((p) => p.text);
}
