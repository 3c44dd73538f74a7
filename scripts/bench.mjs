#!/usr/bin/env node
// `npm run bench`: bundles each test/bench/*.bench.ts with esbuild and runs it in its own Node
// process, one after another (benchmarks must not share the machine). Each prints its figures and
// exits 1 when it misses a target (MISSED, OVER); this exits 1 if any did, after running them all
// and naming them. `npm run bench -- poll` runs only the files whose name contains "poll".
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWorkerOptions } from './render-worker-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const outDir = path.join(root, '.tmp', 'bench');
const filter = process.argv[2] ?? '';
const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no benchmark in test/bench matches '${filter}'`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
// Benchmarks that load projects render templates in the worker, which lies next to the bundle.
await build(renderWorkerOptions(path.join(outDir, 'render-worker.cjs'), 'error'));
const failed = [];
for (const file of files) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed.push(file);
    console.log(`${file} exited with ${run.status ?? run.signal}`);
  }
}
if (failed.length) console.log(`\n${failed.length} of ${files.length} benchmarks missed a target or failed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
