import type { AppInfo } from '@contract/app/dto';
import type { ContractError } from '@contract/errors';
import type { AppStoreState, SliceCreator } from './app-store';
import { loadLatest, slicePatch } from './slice-kit';

/** What the host told us about itself (`app.info`): mode, version, projects folder. */
export interface AppState {
  info: AppInfo | null;
  loading: boolean;
  error: ContractError | null;
}

export interface AppActions {
  loadInfo(): Promise<void>;
}

export type AppSlice = AppState & AppActions;

export const initialAppState: AppState = { info: null, loading: false, error: null };

export const createAppSlice: SliceCreator<'app'> = (set, _get, client) => {
  const patch = slicePatch(set, 'app');
  return {
    ...initialAppState,
    loadInfo: async () => {
      const info = await loadLatest(patch, () => client.api.app.info({}));
      if (info) patch({ info, loading: false, error: null });
    },
  };
};

export const selectAppInfo = (s: AppStoreState): AppInfo | null => s.app.info;
export const selectAppInfoError = (s: AppStoreState): ContractError | null => s.app.error;
export const selectAppInfoLoading = (s: AppStoreState): boolean => s.app.loading;
