import type { FlotillaApi } from '../contract/api';
import type { AppMode } from '../contract/dto/app';
import type { EventSource } from '../contract/events';
import { createEventBus } from './event-bus';
import type { Ports } from './ports';
import { createProjectsService } from './projects/service';

export interface CoreOptions {
  /** Folder holding the `<id>.sh` / `<id>.sh.njk` launch templates. */
  projectsDir: string;
  mode: AppMode;
  version: string;
  /** Reload the catalog when files change (off for one-shot CLI commands). */
  watch: boolean;
}

export interface Core {
  api: FlotillaApi;
  events: EventSource;
  close(): Promise<void>;
}

/** Builds every service by constructor injection; the one place the core is wired. */
export async function createCore(ports: Ports, options: CoreOptions): Promise<Core> {
  const events = createEventBus((event, error) => ports.logger.error(`listener for ${event} threw`, { error: String(error) }));
  const projects = await createProjectsService({
    dir: options.projectsDir,
    logger: ports.logger,
    watch: options.watch,
    onChange: (list) => events.emit('projects.changed', { projects: list }),
  });
  const api: FlotillaApi = {
    app: {
      info: async () => ({
        name: 'Flotilla',
        version: options.version,
        mode: options.mode,
        projectsDir: options.projectsDir,
        platform: process.platform,
      }),
    },
    projects: projects.api,
  };
  return {
    api,
    events,
    close: async () => {
      await projects.close();
    },
  };
}
