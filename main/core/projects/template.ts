import nunjucks from 'nunjucks';
import type { Finding } from './problems';
import { shq } from './shell-quote';
import { templateErrorFinding } from './template-errors';

/**
 * Values a template is rendered with. GIT_USER and GIT_BRANCH always; later features add more
 * (ENV map, revision name, bucket, ...), so any other name is allowed.
 */
export interface TemplateVars {
  GIT_USER: string;
  GIT_BRANCH: string;
  [name: string]: unknown;
}

/** What the catalog renders each template with at load, to catch render-time errors early. */
export const SAMPLE_VARS: TemplateVars = { GIT_USER: 'octocat', GIT_BRANCH: 'main', ENV: {} };

/**
 * A fresh environment with no loader at all: passing `null` would make nunjucks fall back to a
 * FileSystemLoader on `./views`, letting a template include files from disk.
 */
export function createTemplateEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false, trimBlocks: false });
  env.addFilter('shq', shq);
  return env;
}

export function filterNames(env: nunjucks.Environment): string[] {
  return Object.keys((env as unknown as { filters: Record<string, unknown> }).filters);
}

export interface CompiledTemplate {
  source: string;
  render(vars: TemplateVars): { ok: true; output: string } | { ok: false; finding: Finding };
}

/** Compiles now (not at first render), so syntax errors show in the catalog. */
export function compileTemplate(source: string, name: string): { ok: true; template: CompiledTemplate } | { ok: false; finding: Finding } {
  const env = createTemplateEnvironment();
  let compiled: nunjucks.Template;
  try {
    compiled = new nunjucks.Template(source, env, name, true);
  } catch (err) {
    return { ok: false, finding: templateErrorFinding(err, source, 'compile', filterNames(env)) };
  }
  return {
    ok: true,
    template: {
      source,
      render(vars) {
        try {
          return { ok: true, output: compiled.render({ ...vars }) };
        } catch (err) {
          return { ok: false, finding: templateErrorFinding(err, source, 'render', filterNames(env)) };
        }
      },
    },
  };
}
