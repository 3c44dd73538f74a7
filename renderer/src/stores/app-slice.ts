import type { AppInfo } from '@contract/app/dto';
import type { ContractError } from '@contract/errors';
import type { AppStoreState, SliceCreator } from './app-store';

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

export const createAppSlice: SliceCreator<'app'> = (set, _get, client) => ({
  ...initialAppState,
  loadInfo: async () => {
    set((s) => ({ app: { ...s.app, loading: true, error: null } }));
    const result = await client.api.app.info({});
    set((s) => ({
      app: result.ok
        ? { ...s.app, info: result.value, loading: false, error: null }
        : { ...s.app, loading: false, error: result.error },
    }));
  },
});

export const selectAppInfo = (s: AppStoreState): AppInfo | null => s.app.info;
export const selectAppInfoError = (s: AppStoreState): ContractError | null => s.app.error;
export const selectAppInfoLoading = (s: AppStoreState): boolean => s.app.loading;
