/**
 * Renders templates in a worker thread that can be stopped from outside (issue 11, the backstop
 * of template-runtime.ts). The in-process limits give good messages for the common cases, but
 * their clock is only read at calls, loops, lookups and filters: one expression (`a < a` on a
 * list of huge texts, `~` doubling) can run for hours or fill the heap between two checks, which
 * would hang the Electron main process at catalog load, or `flotilla check` in CI.
 *
 * One persistent worker (started at the first job, unref'd so it never keeps a CLI alive) that
 * compiles and renders. Calls stay synchronous: the host posts the job on a MessageChannel,
 * blocks in Atomics.wait on a SharedArrayBuffer the worker bumps after replying, then reads the
 * reply with receiveMessageOnPort. While it waits it checks the clock and the process's memory
 * every POLL_MS; past renderMs + grace, or RENDER_MEMORY_MB more memory, the worker is terminated
 * (terminate() stops its JavaScript at the next interrupt check: a single string operation runs
 * to its end first) and the next job starts a fresh one. The host blocks for at most
 * renderMs + grace per render, as the in-process render did when its limits held.
 * (synckit implements the same pattern but is not a dependency here, and this needs a kill on
 * timeout and a memory watch, so it is written out.)
 *
 * The worker runs a bundle (render-worker.cjs, built from render-worker-entry.ts with every
 * dependency inside, so it resolves no package at run time) that lies next to the bundle that
 * imports this file: scripts/build.mjs writes dist/shell/ and dist/cli/render-worker.cjs. In the
 * packaged app that is inside app.asar: Electron reads worker scripts from asar since it
 * initialises asar support in worker threads (electron/electron#33216, "fix: initialize asar
 * support in worker threads", Electron 17/18; before it, workers could not read app.asar:
 * electron/electron#22446, #23078). It is one self-contained file, so nothing else is resolved
 * inside the archive. Tests (vitest runs TypeScript) build it with esbuild
 * (test/support/render-worker-global.ts) and call setRenderWorkerFile.
 *
 * Atomics.wait on the Electron main thread: it throws only where the isolate disallows it
 * (Blink's renderer main thread); Electron's main-process isolate allows it
 * (shell/browser/javascript_environment.cc passed gin::IsolateHolder::kAllowAtomicsWait, and now
 * takes gin's default isolate params "aligned with V8 Isolate default for Node.js", where
 * allow_atomics_wait is true). Not yet run in a packaged app here (no Electron binary in this
 * checkout's node_modules); if it ever throws, runJob refuses the template, it never renders in
 * this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { error, type Finding } from './problems';
import { COMPILED, READY, REPLIES, type CompileReply, type RenderReply, type WorkerJob } from './render-worker-protocol';
import { TEMPLATE_LIMITS } from './template-runtime';

/**
 * Memory a render may add to the process (resident set) before the worker is stopped. Polled by
 * the host while it waits (every POLL_MS), because a heap limit alone is not a safe cap: when a
 * worker reaches its resourceLimits heap, Node raises it by a little (16 MB, node_worker.cc
 * NearHeapLimit) to let the worker stop, and an allocation larger than that (one
 * 128M-character string) aborts the WHOLE process with "FATAL ERROR: Reached heap limit"
 * (seen here: vitest's process died with maxOldGenerationSizeMb 256). So the heap
 * limit is set far above this cap, as a last resort: one step of a template can allocate at
 * most ~1 GB (V8's longest string), so the poll stops it long before the heap limit is reached.
 */
export const RENDER_MEMORY_MB = 256;
/** The worker's heap and stack (see RENDER_MEMORY_MB for why the heap is so much larger). */
export const RENDER_WORKER_LIMITS = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } as const;
/** How often the host checks the clock and the memory while a render runs. */
const POLL_MS = 10;
/** Longest wait for a stopped worker's memory to be given back before the next job. */
const SETTLE_MS = 3_000;
/** Time over renderMs before the worker is stopped: its own clock answers first when it can. */
export const RENDER_WORKER_GRACE_MS = 1_000;
/** Time the worker may take to start (load its bundle) before a render is given up. */
const START_MS = 10_000;

export type { CompileReply, RenderReply, WorkerJob } from './render-worker-protocol';

/**
 * Time a compile may take in the worker. Compiling is not the render the deadline is about (a
 * 1 MB file of 120 000 tags takes seconds to compile and renders in half a second); the guard
 * and the compiler are linear in the file (template-scan.adversarial.test.ts) and the file is
 * under 1 MB, so this only stops a compiler bug, not a template.
 */
export const COMPILE_MS = 60_000;

interface Running {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let workerFile: string | URL | null = null;
let running: Running | null = null;
/** Resident set before the job whose worker was stopped last, until its memory is given back. */
let settleBelow: number | null = null;
/** Why the worker could not start; kept, so that a catalog of 50 does not wait 50 times. */
let startFailure: string | null = null;
let nextId = 1;

/** Where the worker bundle is, when it is not next to this code (tests, which run sources). */
export function setRenderWorkerFile(file: string | URL): void {
  stopRenderWorker();
  workerFile = file;
  startFailure = null;
}

function bundledWorkerFile(): string | URL {
  if (workerFile) return workerFile;
  // import.meta.url is the bundle's own file (dist/shell/index.mjs, dist/cli/index.mjs).
  const sibling = new URL('./render-worker.cjs', import.meta.url);
  if (!existsSync(fileURLToPath(sibling))) {
    throw new Error(`the template renderer ${fileURLToPath(sibling)} is missing; rebuild Flotilla (npm run build)`);
  }
  return sibling;
}

/**
 * A stopped worker finishes the string operation it was in, then frees its heap, after
 * terminate() returned: meanwhile the process's memory can still grow, and would be counted
 * against the NEXT template (a hostile project failing its neighbour). So the next job waits,
 * at most SETTLE_MS, until the memory is back near where it was before the stopped job.
 */
function settle(): void {
  if (settleBelow === null) return;
  const below = settleBelow;
  settleBelow = null;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const until = performance.now() + SETTLE_MS;
  while (process.memoryUsage.rss() > below && performance.now() < until) Atomics.wait(sleeper, 0, 0, POLL_MS);
}

function start(): Running {
  settle();
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(bundledWorkerFile(), {
    workerData: { port: port2, signal: signal.buffer },
    transferList: [port2],
    resourceLimits: RENDER_WORKER_LIMITS,
    // Nothing of the host's environment or argv is needed, nor passed.
    env: {},
    argv: [],
    execArgv: [],
    stdout: true,
    stderr: true,
  });
  // A worker that dies (heap limit) emits 'error' later; unhandled, it would crash the host.
  worker.on('error', () => {});
  worker.unref();
  port1.unref();
  const ready = Atomics.wait(signal, READY, 0, START_MS);
  if (ready === 'timed-out') {
    void worker.terminate();
    throw new Error('the template renderer did not start');
  }
  return { worker, port: port1, signal };
}

/** Stops the worker (if any); the next render starts a fresh one. */
export function stopRenderWorker(): void {
  if (!running) return;
  const { worker, port } = running;
  running = null;
  port.close();
  void worker.terminate();
}

const tooLong = (): Finding => error(`template refused: the render took longer than ${TEMPLATE_LIMITS.renderMs / 1000} s (stopped)`);
const compileTooLong = (): Finding => error(`template refused: compiling took longer than ${COMPILE_MS / 1000} s (stopped)`);
const tooLarge = (): Finding => error(`template refused: the render used more than ${RENDER_MEMORY_MB} MB of memory (stopped)`);
const died = (): Finding => error('template refused: the render stopped without an answer (its memory ran out?)');

/**
 * Runs one job in the worker and waits for its reply (synchronously). Answers the reply, or the
 * finding it was stopped for (and the worker is then stopped; the next job starts another).
 */
function runJob(job: WorkerJob): { reply: unknown } | { stopped: Finding } {
  // Fail closed: without the worker nothing is compiled or rendered (never in this process).
  if (startFailure !== null) return { stopped: error(`template error: ${startFailure}`) };
  try {
    running ??= start();
  } catch (err) {
    startFailure = err instanceof Error ? err.message : String(err);
    return { stopped: error(`template error: ${startFailure}`) };
  }
  const { worker, port, signal } = running;
  const id = nextId++;
  const before = process.memoryUsage.rss();
  const memoryCap = before + RENDER_MEMORY_MB * 1024 * 1024;
  port.postMessage({ id, ...job });
  let rendering = false;
  let deadline = performance.now() + COMPILE_MS;
  let finding: Finding;
  for (;;) {
    const seen = Atomics.load(signal, REPLIES);
    for (let reply = receiveMessageOnPort(port); reply; reply = receiveMessageOnPort(port)) {
      const message = reply.message as { id: number; reply: unknown };
      if (message.id === id) return { reply: message.reply };
      // Another id cannot happen: one job at a time, and a fresh port for each worker.
    }
    if (!rendering && job.kind === 'render' && Atomics.load(signal, COMPILED) === id) {
      rendering = true;
      deadline = performance.now() + TEMPLATE_LIMITS.renderMs + RENDER_WORKER_GRACE_MS;
    }
    if (process.memoryUsage.rss() > memoryCap) {
      finding = tooLarge();
      break;
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      // Still running; or dead (its 'error' event only arrives on a later turn of the event loop).
      finding = worker.threadId < 0 ? died() : rendering ? tooLong() : compileTooLong();
      break;
    }
    try {
      Atomics.wait(signal, REPLIES, seen, Math.min(left, POLL_MS));
    } catch (err) {
      // A thread that may not block (see the note at the top): refuse rather than render here.
      finding = error(`template error: cannot wait for the template renderer (${err instanceof Error ? err.message : String(err)})`);
      break;
    }
  }
  stopRenderWorker();
  settleBelow = before + (RENDER_MEMORY_MB * 1024 * 1024) / 4;
  return { stopped: finding };
}

/** Checks and compiles a template in the worker (template-guard.ts, then nunjucks); answers its findings. */
export function compileInWorker(source: string, name: string): CompileReply {
  const result = runJob({ kind: 'compile', source, name });
  return 'stopped' in result ? { ok: false, findings: [result.stopped] } : (result.reply as CompileReply);
}

/** Renders in the worker; answers like CompiledTemplate.render, never throws for the template's sake. */
export function renderInWorker(source: string, name: string, vars: Record<string, unknown>): RenderReply {
  const result = runJob({ kind: 'render', source, name, vars });
  return 'stopped' in result ? { ok: false, finding: result.stopped } : (result.reply as RenderReply);
}
