/**
 * The render worker (see render-worker.ts): checks, compiles and renders templates with the
 * in-process sandbox (template-guard.ts at compile, template-runtime.ts limits at render) in a
 * thread the host can stop. Bundled alone, nunjucks inside, into render-worker.cjs
 * (scripts/render-worker-build.mjs).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { Finding } from './problems';
import { error } from './problems';
import { COMPILED, READY, REPLIES, type CompileReply, type RenderReply, type WorkerJob } from './render-worker-protocol';
import { compileInProcess, type CompiledTemplate, type TemplateVars } from './template-in-process';

const { port, signal: buffer } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const signal = new Int32Array(buffer);

/** Compiled templates by name and source: the catalog compiles and renders each project at load, previews render again. */
const compiled = new Map<string, { ok: true; template: CompiledTemplate } | { ok: false; findings: Finding[] }>();
const CACHE_SIZE = 256;

function compile(source: string, name: string) {
  const key = `${name}\0${source}`;
  let result = compiled.get(key);
  if (!result) {
    result = compileInProcess(source, name);
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, result);
  }
  return result;
}

function run(id: number, job: WorkerJob): CompileReply | RenderReply {
  const result = compile(job.source, job.name);
  if (job.kind === 'compile') return result.ok ? { ok: true } : { ok: false, findings: result.findings };
  if (!result.ok) return { ok: false, finding: result.findings[0] ?? error('template error: the template does not compile') };
  // The render deadline (host side) starts now.
  Atomics.store(signal, COMPILED, id);
  return result.template.render(job.vars as TemplateVars);
}

port.on('message', ({ id, ...job }: { id: number } & WorkerJob) => {
  let reply: CompileReply | RenderReply;
  try {
    reply = run(id, job as WorkerJob);
  } catch (err) {
    const finding = error(`template error: ${err instanceof Error ? err.message : String(err)}`);
    reply = job.kind === 'compile' ? { ok: false, findings: [finding] } : { ok: false, finding };
  }
  port.postMessage({ id, reply });
  Atomics.add(signal, REPLIES, 1);
  Atomics.notify(signal, REPLIES);
});

Atomics.store(signal, READY, 1);
Atomics.notify(signal, READY);
