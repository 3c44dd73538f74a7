import { z } from 'zod';
import { packageNameProblem, packageOfPath } from '../package-name';
import { noInput, requiredText } from '../schema-rules';
import type { RevisionsApi } from './api';

// Payload schemas for RevisionsApi, one per method, for the method table (methods.ts). They check
// shape and size; the service checks meaning (package and revision names, paths) with messages
// that say what to fix.

/** A package name by FTL's rule, checked here so every caller (app, browser, CLI) is refused alike. */
const packageName = requiredText(255).superRefine((value, ctx) => {
  const problem = packageNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `<package>.<rev>`: its package part follows the same rule (the core checks the rev). */
const revisionName = requiredText(1024).superRefine((value, ctx) => {
  const dot = value.indexOf('.');
  const problem = dot > 0 ? packageNameProblem(value.slice(0, dot)) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The path to spool: the package it would make (its name up to the first dot) follows the rule. */
const spoolPath = requiredText(4096).superRefine((value, ctx) => {
  const pkg = packageOfPath(value);
  const problem = pkg ? packageNameProblem(pkg) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: `cannot be spooled: the package is the file or folder name up to its first dot, and ${problem}` });
});

/** Keyed by method name; registered as `'revisions.packages': revisionsInputSchemas.packages`, ... */
export const revisionsInputSchemas = {
  packages: noInput,
  revisions: z.strictObject({ package: packageName }),
  jump: z.strictObject({ revision: revisionName }),
  jumpBack: z.strictObject({ package: packageName }),
  spool: z.strictObject({ path: spoolPath }),
  cancelSpool: z.strictObject({ spoolId: requiredText(100) }),
  drift: z.strictObject({ package: packageName }),
} satisfies { [M in keyof RevisionsApi]: z.ZodType };
