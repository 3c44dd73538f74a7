import type { ProjectSummary } from './dto';

/** Every event the projects service emits, with its payload. */
export interface ProjectsEventMap {
  /** The projects folder changed: the new list. */
  'projects.changed': { projects: ProjectSummary[] };
}

export const projectsEventNames = ['projects.changed'] as const satisfies readonly (keyof ProjectsEventMap)[];
