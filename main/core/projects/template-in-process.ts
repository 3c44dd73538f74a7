/**
 * Compiling and rendering in the current thread; only the render worker (render-worker-entry.ts)
 * does that. Everything else uses template.ts, which runs both in the worker.
 */
import nunjucks from 'nunjucks';
import type { Finding } from './problems';
import { shq } from './shell-quote';
import { templateErrorFinding } from './template-errors';
import { guardTemplate, TEMPLATE_VARIABLES } from './template-guard';
import { createSandboxEnvironment, sandboxTemplate, templateContext } from './template-runtime';

export { TEMPLATE_VARIABLES };

const lib = (nunjucks as unknown as { lib: { _prettifyError(path: string, withInternals: boolean, err: Error): Error } }).lib;

/**
 * Values a template is rendered with: TEMPLATE_VARIABLES (GIT_USER and GIT_BRANCH always; ENV,
 * OPTIONS, REVISION, REVISION_BUCKET, REVISION_URL and REVISION_SHA256 for a launch). Other names
 * are allowed; every value must be plain data (text, numbers, booleans, lists and maps).
 */
export interface TemplateVars {
  GIT_USER: string;
  GIT_BRANCH: string;
  /** The launch's plain env values (the env file's under the launch's own); references are not in it. */
  ENV?: Record<string, string>;
  /** Every declared option's value, as text (template-options.ts optionValues). */
  OPTIONS?: Record<string, string>;
  /** `<package>.<rev>`, or '' when the launch deploys no package. */
  REVISION?: string;
  REVISION_BUCKET?: string;
  /** A presigned GET URL of the revision's file, or ''. */
  REVISION_URL?: string;
  /** The revision's SHA-256 (hex) when the bucket records it, or ''. */
  REVISION_SHA256?: string;
  [name: string]: unknown;
}

/**
 * What the catalog renders each template with at load, to catch render-time errors early (with
 * OPTIONS set to the declared defaults: load-project.ts). No revision: a template's no-package path.
 */
export const SAMPLE_VARS: TemplateVars = {
  GIT_USER: 'octocat',
  GIT_BRANCH: 'main',
  ENV: {},
  OPTIONS: {},
  REVISION: '',
  REVISION_BUCKET: '',
  REVISION_URL: '',
  REVISION_SHA256: '',
};

/** A fresh sandboxed environment: no loader, no globals but a bounded range(), allowed filters only. */
export function createTemplateEnvironment(): nunjucks.Environment {
  return createSandboxEnvironment({ shq });
}

export function filterNames(env: nunjucks.Environment): string[] {
  return Object.keys((env as unknown as { filters: Record<string, unknown> }).filters);
}

export interface CompiledTemplate {
  source: string;
  render(vars: TemplateVars): { ok: true; output: string } | { ok: false; finding: Finding };
}

export type Compiled = { ok: true; template: CompiledTemplate } | { ok: false; findings: Finding[] };

/**
 * Checks the template's syntax tree (template-guard.ts), then compiles it, rendering in THIS
 * thread: for the render worker itself (render-worker-entry.ts). Anywhere else a render could
 * hang or exhaust the process: use compileTemplate (template.ts).
 */
export function compileInProcess(source: string, name: string): Compiled {
  const env = createTemplateEnvironment();
  // Fail closed: a template the guard could not parse and walk is never compiled.
  let refused: Finding[];
  try {
    refused = guardTemplate(source);
  } catch (err) {
    const cause = err instanceof Error ? err : new Error(String(err));
    refused = [templateErrorFinding(lib._prettifyError(name, false, cause), source, 'compile', filterNames(env))];
  }
  if (refused.length > 0) return { ok: false, findings: refused };
  let compiled: nunjucks.Template;
  try {
    compiled = new nunjucks.Template(source, env, name, true);
    sandboxTemplate(compiled);
  } catch (err) {
    return { ok: false, findings: [templateErrorFinding(err, source, 'compile', filterNames(env))] };
  }
  return {
    ok: true,
    template: {
      source,
      render(vars) {
        try {
          return { ok: true, output: compiled.render(templateContext(vars)) };
        } catch (err) {
          return { ok: false, finding: templateErrorFinding(err, source, 'render', filterNames(env)) };
        }
      },
    },
  };
}
