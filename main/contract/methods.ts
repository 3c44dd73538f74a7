import type { z } from 'zod';
import type { FlotillaApi } from './api';
import type { Channel } from './channels';
import type { SchemasAgree } from './schema-check';
import { appInputSchemas } from './app/schemas';
import { projectsInputSchemas } from './projects/schemas';
import { settingsInputSchemas } from './settings/schemas';
import { credentialsInputSchemas } from './credentials/schemas';
import { instancesInputSchemas } from './instances/schemas';
import { revisionsInputSchemas } from './revisions/schemas';
import { agentsInputSchemas } from './agents/schemas';
import { setupInputSchemas } from './setup/schemas';

/** A service's schemas keyed by method, re-keyed by channel (`settings.get`, ...). */
function service<S extends string, T extends Record<string, z.ZodType>>(name: S, schemas: T): { [M in Extract<keyof T, string> as `${S}.${M}`]: T[M] } {
  return Object.fromEntries(Object.entries(schemas).map(([method, schema]) => [`${name}.${method}`, schema])) as never;
}

/**
 * The payload schema of every method, from each service's schemas.ts. Payloads are parsed with
 * these at the boundary, before they reach the core. `satisfies` rejects a missing or extra
 * channel; `schemasAgree` below rejects a schema that parses to anything but its method's input
 * (schema-check.ts; contract-guards.test.ts proves it bites).
 */
export const methodSchemas = {
  ...service('app', appInputSchemas),
  ...service('projects', projectsInputSchemas),
  ...service('settings', settingsInputSchemas),
  ...service('credentials', credentialsInputSchemas),
  ...service('instances', instancesInputSchemas),
  ...service('revisions', revisionsInputSchemas),
  ...service('agents', agentsInputSchemas),
  ...service('setup', setupInputSchemas),
} satisfies { [C in Channel]: z.ZodType };

// If this line fails to compile, the channel it names has a schema that disagrees with its method's input.
export const schemasAgree: SchemasAgree<FlotillaApi, typeof methodSchemas> = true;
