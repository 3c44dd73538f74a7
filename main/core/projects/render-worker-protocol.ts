/** What the host (render-worker.ts) and the worker (render-worker-entry.ts) exchange. */
import type { Finding } from './problems';

/** Compile a template (answers its findings), or compile it if needed and render it. */
export type WorkerJob = { kind: 'compile'; source: string; name: string } | { kind: 'render'; source: string; name: string; vars: Record<string, unknown> };
export type CompileReply = { ok: true } | { ok: false; findings: Finding[] };
export type RenderReply = { ok: true; output: string } | { ok: false; finding: Finding };

/**
 * Slots of the shared Int32Array: replies posted so far; 1 once the worker listens; the id of
 * the job whose template is compiled (its render starts: the render deadline starts then).
 */
export const REPLIES = 0;
export const READY = 1;
export const COMPILED = 2;
