// Builds the template render worker (main/core/projects/render-worker-entry.ts) into one
// CommonJS file with every dependency inside (nunjucks included): the worker resolves no package
// at run time, so it loads the same from dist/, from app.asar or from a temporary folder.
// Any bundle that includes main/core/projects must have render-worker.cjs next to it
// (main/core/projects/render-worker.ts looks for it beside import.meta.url).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options for render-worker.cjs at `outfile`. */
export function renderWorkerOptions(outfile, logLevel = 'warning') {
  return {
    absWorkingDir: root,
    entryPoints: [path.join(root, 'main/core/projects/render-worker-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: true,
    // nunjucks requires chokidar only for `watch`, which the sandbox never turns on.
    external: ['chokidar', 'fsevents'],
    logLevel,
  };
}
