import type { AgentsEventMap } from '../../../main/contract/agents-api';
import type { HostKeyInfo, SyncError } from '../../../main/contract/dto/agents';
import type { ContractError } from '../../../main/contract/errors';
import type { SliceCreator } from './app-store';
import { newUiId } from './instances-slice';

/** The most characters of output kept per instance; older text is dropped (and counted). */
export const MAX_LOG_CHARS = 200_000;

export type SyncStatus = 'queued' | 'connecting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SyncInstance {
  id: string;
  region: string;
  /** How the UI names it, e.g. `butter/main`. */
  label: string;
  status: SyncStatus;
  /** `user@host`, once connected. */
  target: string | null;
  hostKey: HostKeyInfo | null;
  exitCode: number | null;
  error: SyncError | null;
  /** stdout and stderr as they arrived, the newest MAX_LOG_CHARS. */
  log: string;
  /** Characters not shown: dropped by the core (too fast) or by the cap. */
  dropped: number;
  durationMs: number | null;
}

export interface SyncJobState {
  jobId: string;
  command: string;
  instances: SyncInstance[];
  /** syncNow itself failed (nothing ran). */
  error: ContractError | null;
  cancelling: boolean;
  cancelError: ContractError | null;
}

export interface AgentsState {
  /** The Sync now job the panel shows (the latest one started here). */
  job: SyncJobState | null;
}

export interface AgentsActions {
  syncNow(targets: Array<{ id: string; region: string; label: string }>): Promise<void>;
  cancel(): Promise<void>;
  /** Closes a finished job's panel. */
  dismiss(): void;
  applyStatus(payload: AgentsEventMap['agents.status']): void;
  applyOutput(payload: AgentsEventMap['agents.output']): void;
  applyDone(payload: AgentsEventMap['agents.done']): void;
}

export type AgentsSlice = AgentsState & AgentsActions;

export const isFinished = (i: SyncInstance) => i.status === 'done' || i.status === 'failed' || i.status === 'cancelled';
export const jobRunning = (job: SyncJobState | null) => job !== null && job.error === null && job.instances.some((i) => !isFinished(i));

/** A job id made here, so events that arrive before syncNow answers find their job. */
export function newJobId(random: () => number = Math.random): string {
  return newUiId('ui-sync-', random);
}

export const createAgentsSlice: SliceCreator<'agents'> = (set, get, client) => {
  const current = () => get().agents.job;
  const patchJob = (jobId: string, change: (job: SyncJobState) => Partial<SyncJobState>) =>
    set((s) => (s.agents.job?.jobId === jobId ? { agents: { ...s.agents, job: { ...s.agents.job, ...change(s.agents.job) } } } : s));
  const patchInstance = (jobId: string, instanceId: string, change: (i: SyncInstance) => Partial<SyncInstance>) =>
    patchJob(jobId, (job) => ({ instances: job.instances.map((i) => (i.id === instanceId && !isFinished(i) ? { ...i, ...change(i) } : i)) }));

  return {
    job: null,
    syncNow: async (targets) => {
      if (jobRunning(current()) || targets.length === 0) return;
      const jobId = newJobId();
      const instances: SyncInstance[] = targets.map(({ id, region, label }) => ({
        id, region, label, status: 'queued', target: null, hostKey: null, exitCode: null, error: null, log: '', dropped: 0, durationMs: null,
      }));
      set((s) => ({ agents: { ...s.agents, job: { jobId, command: 'flotilla-agent sync', instances, error: null, cancelling: false, cancelError: null } } }));
      const result = await client.api.agents.syncNow({ instances: targets.map(({ id, region }) => ({ id, region })), jobId });
      patchJob(jobId, () => (result.ok ? { command: result.value.command } : { error: result.error }));
    },
    cancel: async () => {
      const job = current();
      if (!jobRunning(job)) return;
      patchJob(job!.jobId, () => ({ cancelling: true, cancelError: null }));
      const result = await client.api.agents.cancel({ jobId: job!.jobId });
      patchJob(job!.jobId, () => ({ cancelling: false, cancelError: result.ok ? null : result.error }));
    },
    dismiss: () => {
      if (jobRunning(current())) return;
      set((s) => ({ agents: { ...s.agents, job: null } }));
    },
    applyStatus: ({ jobId, instanceId, phase, target, hostKey }) =>
      patchInstance(jobId, instanceId, (i) => ({ status: phase, target: target ?? i.target, hostKey: hostKey ?? i.hostKey })),
    applyOutput: ({ jobId, instanceId, text, skipped }) =>
      patchInstance(jobId, instanceId, (i) => {
        const log = i.log + text;
        const over = Math.max(0, log.length - MAX_LOG_CHARS);
        return { log: over > 0 ? log.slice(over) : log, dropped: i.dropped + over + (skipped ?? 0) };
      }),
    applyDone: ({ jobId, instanceId, exitCode, error, durationMs }) =>
      patchInstance(jobId, instanceId, () => ({
        status: error?.kind === 'cancelled' ? 'cancelled' : error || exitCode !== 0 ? 'failed' : 'done',
        exitCode,
        error: error ?? null,
        durationMs,
      })),
  };
};
