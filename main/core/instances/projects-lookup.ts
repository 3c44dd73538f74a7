import type { ProjectsService } from '../projects/service';
import { renderUserData } from '../projects/user-data';
import type { ProjectsLookup } from './deps';

/** The projects catalog as the Instances service reads it: details, and rendering with launch variables. */
export function projectsLookup(service: Pick<ProjectsService, 'project'>): ProjectsLookup {
  return {
    getProject: (id) => structuredClone(service.project(id).detail),
    envValues: (id) => ({ ...service.project(id).envValues }),
    render: (id, vars) => ({ userData: renderUserData(service.project(id), vars).userData }),
  };
}
