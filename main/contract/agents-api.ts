import type { NoInput } from './api';
import type { CancelResult, HostKeyInfo, SyncError, SyncJob, SyncJobSnapshot, SyncNowInput } from './dto/agents';

/**
 * Runs `flotilla-agent sync` on instances over SSH ("Sync now"), a few at a time, with live output.
 * syncNow answers at once; progress arrives as 'agents.status', 'agents.output' and 'agents.done'
 * events. Throws FlotillaError `invalid-input` when the job id is already in use.
 */
export interface AgentsApi {
  syncNow(input: SyncNowInput): Promise<SyncJob>;
  /** Stops the job: queued instances are skipped, running ones are sent TERM and disconnected. */
  cancel(input: { jobId: string }): Promise<CancelResult>;
  /**
   * The jobs still running and those finished in the last 10 minutes, oldest first, each with a
   * bounded tail of every instance's output: what a reloaded window needs to show a job again.
   * Events keep coming for running jobs; `end` in 'agents.output' tells what the tail holds.
   */
  jobs(input: NoInput): Promise<SyncJobSnapshot[]>;
}

/** Every event the agents service emits, with its payload. */
export interface AgentsEventMap {
  /** An instance left the queue (`connecting`) or its command started (`running`, as `user@host`). */
  'agents.status': { jobId: string; instanceId: string; phase: 'connecting' | 'running'; target?: string; hostKey?: HostKeyInfo };
  /**
   * Output, batched (about every 100 ms per instance) and in order; `skipped` counts characters
   * dropped before `text` because the server wrote faster than the app shows; `end` counts the
   * instance's characters up to the end of `text`, skipped ones included (see `jobs`).
   */
  'agents.output': { jobId: string; instanceId: string; stream: 'stdout' | 'stderr'; text: string; skipped?: number; end: number };
  /** Exactly once per instance: the exit code (0 is success), or null with `error`; 127 also has `error`. */
  'agents.done': { jobId: string; instanceId: string; exitCode: number | null; error?: SyncError; durationMs: number };
}

export type AgentsEventName = keyof AgentsEventMap;

export const agentsEventNames = ['agents.status', 'agents.output', 'agents.done'] as const satisfies readonly AgentsEventName[];
