import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractClient } from '../api/client';
import { createAgentsSlice, type AgentsSlice } from './agents-slice';
import { createAppSlice, type AppSlice } from './app-slice';
import { createCredentialsSlice, type CredentialsSlice } from './credentials-slice';
import { createInstancesSlice, type InstancesSlice } from './instances-slice';
import { createLaunchFormSlice, type LaunchFormSlice } from './launch-form-slice';
import { createProjectsSlice, type ProjectsSlice } from './projects-slice';
import { createRevisionsSlice, type RevisionsSlice } from './revisions-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSetupSlice, type SetupSlice } from './setup-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/**
 * The renderer's one store, made of slices. Each slice lives under its own key and holds its state
 * and its actions; actions reach main only through the injected contract client.
 */
export interface AppStoreState {
  app: AppSlice;
  projects: ProjectsSlice;
  instances: InstancesSlice;
  launchForm: LaunchFormSlice;
  revisions: RevisionsSlice;
  agents: AgentsSlice;
  settings: SettingsSlice;
  credentials: CredentialsSlice;
  setup: SetupSlice;
  ui: UiSlice;
}

export type AppStore = StoreApi<AppStoreState>;

export type SliceCreator<K extends keyof AppStoreState> = (
  set: AppStore['setState'],
  get: AppStore['getState'],
  client: ContractClient,
) => AppStoreState[K];

export function createAppStore(client: ContractClient): AppStore {
  return createStore<AppStoreState>()((set, get) => ({
    app: createAppSlice(set, get, client),
    projects: createProjectsSlice(set, get, client),
    instances: createInstancesSlice(set, get, client),
    launchForm: createLaunchFormSlice(set, get, client),
    revisions: createRevisionsSlice(set, get, client),
    agents: createAgentsSlice(set, get, client),
    settings: createSettingsSlice(set, get, client),
    credentials: createCredentialsSlice(set, get, client),
    setup: createSetupSlice(set, get, client),
    ui: createUiSlice(set, get, client),
  }));
}
