import { z } from 'zod';
import { noInput } from '../schema-rules';
import { instanceId, region } from '../instances/schemas';
import type { AgentsApi } from './api';

// Payload schemas for AgentsApi, one per method, for the method table (methods.ts).

const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a job id (1 to 64 letters, digits, _ or -)');

/** Keyed by method name; registered as `'agents.syncNow': agentsInputSchemas.syncNow`, ... */
export const agentsInputSchemas = {
  syncNow: z.strictObject({
    instances: z.array(z.strictObject({ id: instanceId, region })).min(1, 'names no instance').max(200, 'names more than 200 instances'),
    jobId: jobId.optional(),
  }),
  cancel: z.strictObject({ jobId }),
  jobs: noInput,
} satisfies { [M in keyof AgentsApi]: z.ZodType };
