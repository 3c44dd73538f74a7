import type { AppInfo } from './dto/app';
import type { PreviewInput, PreviewResult, ProjectDetail, ProjectSummary } from './dto/projects';
import type { CredentialsApi, SettingsApi } from './settings-api';
import type { InstancesApi } from './instances-api';
import type { RevisionsApi } from './revisions-api';
import type { AgentsApi } from './agents-api';
import type { SetupApi } from './setup-api';

/** Methods take exactly one input object and resolve to a value, or throw FlotillaError. */
export type NoInput = Record<string, never>;

export interface AppApi {
  info(input: NoInput): Promise<AppInfo>;
}

export interface ProjectsApi {
  list(input: NoInput): Promise<ProjectSummary[]>;
  get(input: { id: string }): Promise<ProjectDetail>;
  preview(input: PreviewInput): Promise<PreviewResult>;
}

/** The whole surface main offers the renderer: one interface per service. */
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
