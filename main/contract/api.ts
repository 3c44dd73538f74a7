import type { AppApi } from './app/api';
import type { ProjectsApi } from './projects/api';
import type { SettingsApi } from './settings/api';
import type { CredentialsApi } from './credentials/api';
import type { InstancesApi } from './instances/api';
import type { RevisionsApi } from './revisions/api';
import type { AgentsApi } from './agents/api';
import type { SetupApi } from './setup/api';

/** Methods take exactly one input object and resolve to a value, or throw FlotillaError. */
export type NoInput = Record<string, never>;

/** The whole surface main offers the renderer: one interface per service (each in main/contract/<service>/api.ts). */
export interface FlotillaApi {
  app: AppApi;
  projects: ProjectsApi;
  settings: SettingsApi;
  credentials: CredentialsApi;
  instances: InstancesApi;
  revisions: RevisionsApi;
  agents: AgentsApi;
  setup: SetupApi;
}
