import { compileInWorker, renderInWorker } from './render-worker';
import { templateErrorFinding } from './template-errors';
import { createTemplateEnvironment, filterNames, type Compiled } from './template-in-process';
import { templateContext } from './template-runtime';

export { createTemplateEnvironment, filterNames, SAMPLE_VARS, TEMPLATE_VARIABLES } from './template-in-process';
export type { CompiledTemplate, TemplateVars } from './template-in-process';

/**
 * Checks the template's syntax tree (template-guard.ts), then compiles it now (not at first
 * render), so refusals and syntax errors show in the catalog. A refused template is never
 * compiled, so never rendered. Both happen in the render worker (render-worker.ts), which is
 * stopped when a render outlasts TEMPLATE_LIMITS.renderMs or its memory: never in this process.
 */
export function compileTemplate(source: string, name: string): Compiled {
  const compiled = compileInWorker(source, name);
  if (!compiled.ok) return compiled;
  const env = createTemplateEnvironment();
  return {
    ok: true,
    template: {
      source,
      render(vars) {
        let data: Record<string, unknown>;
        try {
          // Checked (and copied to plain data) here, so that what is posted can be cloned.
          data = templateContext(vars);
        } catch (err) {
          return { ok: false, finding: templateErrorFinding(err, source, 'render', filterNames(env)) };
        }
        return renderInWorker(source, name, data);
      },
    },
  };
}

