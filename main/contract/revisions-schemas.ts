import { z } from 'zod';
import type { RevisionsApi } from './revisions-api';

// Payload schemas for RevisionsApi, one per method, for the method table (methods.ts). They check
// shape and size; the service checks meaning (package and revision names, paths) with messages
// that say what to fix.

const text = (max: number) => z.string().min(1, 'is empty').max(max, `is longer than ${max} characters`);

/** Keyed by method name; registered as `'revisions.packages': revisionsInputSchemas.packages`, ... */
export const revisionsInputSchemas = {
  packages: z.strictObject({}),
  revisions: z.strictObject({ package: text(255) }),
  jump: z.strictObject({ revision: text(1024) }),
  jumpBack: z.strictObject({ package: text(255) }),
  spool: z.strictObject({ path: text(4096) }),
  cancelSpool: z.strictObject({ spoolId: text(100) }),
  drift: z.strictObject({ package: text(255) }),
} satisfies { [M in keyof RevisionsApi]: z.ZodType<Parameters<RevisionsApi[M]>[0]> };
