import { z } from 'zod';
import type { Channel, InputOf } from './channels';
import { credentialsInputSchemas, settingsInputSchemas } from './settings-api';
import { instancesInputSchemas } from './instances-schemas';
import { revisionsInputSchemas } from './revisions-schemas';
import { agentsInputSchemas } from './agents-schemas';
import { setupInputSchemas } from './setup-api';

const noInput = z.strictObject({});

/** A service's schemas keyed by method, re-keyed by channel (`settings.get`, ...). */
function service<S extends string, T extends Record<string, z.ZodType>>(name: S, schemas: T): { [M in Extract<keyof T, string> as `${S}.${M}`]: T[M] } {
  return Object.fromEntries(Object.entries(schemas).map(([method, schema]) => [`${name}.${method}`, schema])) as never;
}
const projectId = z.string().min(1, 'project id is empty').max(200);

/**
 * The payload schema of every method. Payloads are parsed with these at the boundary, before
 * they reach the core. `satisfies` rejects a missing or extra channel, or a schema whose type
 * disagrees with the interface (methods.test-d.ts checks the types are equal both ways).
 */
export const methodSchemas = {
  'app.info': noInput,
  'projects.list': noInput,
  'projects.get': z.strictObject({ id: projectId }),
  'projects.preview': z.strictObject({
    id: projectId,
    gitUser: z.string().max(100, 'git user is longer than 100 characters'),
    gitBranch: z.string().max(255, 'branch is longer than 255 characters'),
  }),
  ...service('settings', settingsInputSchemas),
  ...service('credentials', credentialsInputSchemas),
  ...service('instances', instancesInputSchemas),
  ...service('revisions', revisionsInputSchemas),
  ...service('agents', agentsInputSchemas),
  ...service('setup', setupInputSchemas),
} satisfies { [C in Channel]: z.ZodType<InputOf<C>> };
