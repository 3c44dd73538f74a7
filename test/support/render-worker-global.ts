/**
 * vitest globalSetup: builds the template render worker once per run (vitest runs the sources,
 * and a worker thread cannot run TypeScript), into a temporary folder removed afterwards.
 * test/support/render-worker-setup.ts points render-worker.ts at it in every test file.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { renderWorkerOptions } from '../../scripts/render-worker-build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    renderWorkerFile: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-render-worker-'));
  const outfile = path.join(dir, 'render-worker.cjs');
  await build(renderWorkerOptions(outfile, 'error'));
  project.provide('renderWorkerFile', outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
