import { serviceChannels } from '../service-channels';
import type { ProjectsApi } from './api';

/** The projects service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const projectsChannels = serviceChannels<ProjectsApi>()('projects', [
  'list',
  'get',
  'preview',
] as const);
