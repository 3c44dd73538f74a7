/**
 * Catalog load time for 50 projects (copies of the shipped ones), with templates compiled and
 * sample-rendered in the render worker (render-worker.ts), against the same work done in this
 * thread (template-in-process.ts: how every catalog load ran before the worker). Each load
 * gets sources never seen before (a trial comment), so the worker's compile cache never helps.
 * Also: the worker's start (first load of a process) and one preview render.
 * Run: npm run bench -- catalog
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../main/core/projects/catalog';
import { stopRenderWorker } from '../../main/core/projects/render-worker';
import { compileInProcess, SAMPLE_VARS } from '../../main/core/projects/template-in-process';
import { compileTemplate } from '../../main/core/projects/template';

const PROJECTS = 50;
const TRIALS = 7;
const shipped = path.resolve('projects');
const sources = readdirSync(shipped)
  .filter((f) => /\.sh(\.njk)?$/.test(f))
  .map((f) => readFileSync(path.join(shipped, f), 'utf8'));
const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-bench-catalog-'));
const sourceOf = (i: number, trial: number) => `${sources[i % sources.length]}\n# trial ${trial} copy ${i}\n`;
const write = (trial: number) => {
  for (let i = 0; i < PROJECTS; i++) writeFileSync(path.join(dir, `p${String(i).padStart(2, '0')}.sh.njk`), sourceOf(i, trial));
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timedLoad(trial: number): Promise<number> {
  write(trial);
  const start = performance.now();
  const catalog = await loadCatalog(dir);
  const ms = performance.now() - start;
  const bad = catalog.projects.filter((p) => p.detail.state === 'errors');
  if (catalog.projects.length !== PROJECTS || bad.length) throw new Error(`catalog: ${catalog.projects.length} projects, ${bad.length} with errors`);
  return ms;
}

/** Before: the template work of a catalog load, in this thread (compile + sample render of each). */
function inProcess(trial: number): number {
  const start = performance.now();
  for (let i = 0; i < PROJECTS; i++) {
    const compiled = compileInProcess(sourceOf(i, 1000 + trial), `projects/p${i}.sh.njk`);
    if (!compiled.ok || !compiled.template.render(SAMPLE_VARS).ok) throw new Error('in-process render failed');
  }
  return performance.now() - start;
}
/** After: the same template work through the worker (compile + sample render). */
function inWorker(trial: number): number {
  const start = performance.now();
  for (let i = 0; i < PROJECTS; i++) {
    const compiled = compileTemplate(sourceOf(i, 2000 + trial), `projects/p${i}.sh.njk`);
    if (!compiled.ok || !compiled.template.render(SAMPLE_VARS).ok) throw new Error('worker render failed');
  }
  return performance.now() - start;
}

try {
  const cold = await timedLoad(0); // starts the worker
  const loads: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    loads.push(await timedLoad(trial));
    before.push(inProcess(trial));
    after.push(inWorker(trial));
  }
  const preview = compileTemplate(sourceOf(0, 9999), 'projects/p0.sh.njk');
  if (!preview.ok) throw new Error('compile failed');
  preview.template.render(SAMPLE_VARS);
  const previews: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    preview.template.render({ GIT_USER: 'octocat', GIT_BRANCH: `feature/${i}` });
    previews.push(performance.now() - start);
  }
  stopRenderWorker();
  const startWorker = performance.now();
  compileTemplate('x', 'x.sh');
  const workerStart = performance.now() - startWorker;

  console.log(`Catalog of ${PROJECTS} projects (copies of the ${sources.length} shipped ones), median of ${TRIALS} loads, fresh sources each load`);
  console.log(`  loadCatalog, first of the process (starts the worker): ${cold.toFixed(0).padStart(5)} ms`);
  console.log(`  loadCatalog, worker running:                           ${median(loads).toFixed(0).padStart(5)} ms`);
  console.log(`  template work only, in this thread (before):           ${median(before).toFixed(0).padStart(5)} ms`);
  console.log(`  template work only, in the worker (after):             ${median(after).toFixed(0).padStart(5)} ms`);
  console.log(`  worker start (stopped, then one compile):              ${workerStart.toFixed(1).padStart(7)} ms`);
  console.log(`  one preview render in the worker (median of 50):       ${median(previews).toFixed(2).padStart(8)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
