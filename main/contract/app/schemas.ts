import type { z } from 'zod';
import { noInput } from '../schema-rules';
import type { AppApi } from './api';

/** Keyed by method name; registered as `'app.info': appInputSchemas.info`. */
export const appInputSchemas = {
  info: noInput,
} satisfies { [M in keyof AppApi]: z.ZodType };
