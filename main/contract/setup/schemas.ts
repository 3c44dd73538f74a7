import type { z } from 'zod';
import { noInput } from '../schema-rules';
import type { SetupApi } from './api';

/** Keyed by method name; registered as `'setup.connection': setupInputSchemas.connection`, ... */
export const setupInputSchemas = {
  connection: noInput,
  checklist: noInput,
} satisfies { [M in keyof SetupApi]: z.ZodType };
