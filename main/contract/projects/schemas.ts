import { z } from 'zod';
import { noInput, requiredText, text } from '../schema-rules';
import type { ProjectsApi } from './api';

// Payload schemas for ProjectsApi, one per method, for the method table (methods.ts). They check
// shape and size; the service checks meaning (which project, the template's rules).

const projectId = requiredText(200);

/** Keyed by method name; registered as `'projects.list': projectsInputSchemas.list`, ... */
export const projectsInputSchemas = {
  list: noInput,
  get: z.strictObject({ id: projectId }),
  preview: z.strictObject({ id: projectId, gitUser: text(100), gitBranch: text(255) }),
} satisfies { [M in keyof ProjectsApi]: z.ZodType };
