import { createHash } from 'node:crypto';
import type { ProjectsApi } from '../../contract/api';
import type { ProjectSummary } from '../../contract/dto/projects';
import { FlotillaError } from '../../contract/errors';
import type { CoreService } from '../core-service';
import type { Logger } from '../ports';
import { displayDir, loadCatalog } from './catalog';
import { summaryOf, type LoadedProject } from './load-project';
import { renderUserData } from './user-data';
import { watchFolder, type FolderWatcher } from './watch';

export interface ProjectsServiceOptions {
  dir: string;
  logger: Logger;
  watch: boolean;
  onChange(list: ProjectSummary[]): void;
  /** Watch timings, for tests (defaults: 150 ms debounce, 1 s polling for a missing folder). */
  watchTiming?: { debounceMs?: number; pollMs?: number };
}

export interface ProjectsService extends CoreService<ProjectsApi> {
  /** The loaded project with this id, for features that render it with more variables (launch). */
  project(id: string): LoadedProject;
  /** Reloads the folder now (the watcher does this on its own). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function createProjectsService(opts: ProjectsServiceOptions): Promise<ProjectsService> {
  const base = displayDir(opts.dir);
  let projects: LoadedProject[] = [];
  let fingerprint = '';
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function load(): Promise<boolean> {
    const catalog = await loadCatalog(opts.dir);
    if (catalog.folderError) opts.logger.error(`projects: ${catalog.folderError}`);
    // The env files' values count too (a changed value is a change), hashed rather than kept twice.
    const next = createHash('sha256')
      .update(JSON.stringify(catalog.projects.map((p) => [p.detail, p.envValues])))
      .digest('hex');
    if (closed || next === fingerprint) return false;
    projects = catalog.projects;
    fingerprint = next;
    opts.logger.info('projects: loaded', { dir: opts.dir, count: projects.length });
    return true;
  }

  async function reloadOnce(notify: boolean): Promise<void> {
    try {
      if (!(await load()) || !notify) return;
    } catch (err) {
      opts.logger.error('projects: reload failed; keeping the previous list', { error: String(err) });
      return;
    }
    try {
      opts.onChange(projects.map((p) => summaryOf(p.detail)));
    } catch (err) {
      opts.logger.error('projects: onChange threw', { error: String(err) });
    }
  }

  /** One load at a time; changes during a load cause exactly one more (which does notify). */
  function reload(notify = true): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let pass = notify;
      do {
        again = false;
        await reloadOnce(pass);
        pass = true;
      } while (again && !closed);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  let watcher: FolderWatcher | null = null;
  if (opts.watch) {
    watcher = await watchFolder(opts.dir, { logger: opts.logger, onChange: () => void reload(), ...opts.watchTiming });
  }
  // The first load goes through the same queue, so a change seen meanwhile reloads after it.
  await reload(false);

  function project(id: string): LoadedProject {
    const found = projects.find((p) => p.detail.id === id);
    if (found) return found;
    const ids = projects.map((p) => p.detail.id);
    const known =
      ids.length === 0
        ? `the folder has no <id>.sh or <id>.sh.njk files`
        : `the projects are ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', ...' : ''}`;
    throw new FlotillaError('not-found', `No project '${id}' in ${base}/; ${known}.`, { id });
  }

  const api: ProjectsApi = {
    list: async () => projects.map((p) => summaryOf(p.detail)),
    get: async ({ id }) => structuredClone(project(id).detail),
    preview: async ({ id, gitUser, gitBranch }) => renderUserData(project(id), { GIT_USER: gitUser, GIT_BRANCH: gitBranch }),
  };

  return {
    api,
    project,
    reload: () => reload(),
    close: async () => {
      closed = true;
      watcher?.close();
      await running;
    },
  };
}
