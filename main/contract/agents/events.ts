import type { HostKeyInfo, SyncError } from './dto';

/** Every event the agents service emits, with its payload. */
export interface AgentsEventMap {
  /**
   * An instance left the queue (`connecting`) or its command started (`running`, as `user@host`
   * over SSH; `SSM <instance id>` with the SSM `commandId` over Systems Manager).
   */
  'agents.status': { jobId: string; instanceId: string; phase: 'connecting' | 'running'; target?: string; hostKey?: HostKeyInfo; commandId?: string };
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
