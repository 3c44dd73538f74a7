import type { AgentsEventMap } from '@contract/agents/events';
import type { HostKeyInfo, SyncError, SyncInstanceSnapshot, SyncJobSnapshot } from '@contract/agents/dto';
import type { ContractError } from '@contract/errors';
import type { SliceCreator } from './app-store';
import { newUiId } from './ui-id';

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
  /** Characters not shown: dropped by the core (too fast), by the cap, or before a reload. */
  dropped: number;
  /** How many characters of the instance's output this window has accounted for ('agents.output' `end`). */
  received: number;
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
  /** Shown again after a reload (or started in another window), not started from this page. */
  reattached: boolean;
}

export interface AgentsState {
  /** The Sync now job the panel shows (the latest one started here, or found by `attach`). */
  job: SyncJobState | null;
  /** Jobs closed with Close: `attach` does not bring them back. */
  dismissed: string[];
}

export interface AgentsActions {
  syncNow(targets: Array<{ id: string; region: string; label: string }>): Promise<void>;
  cancel(): Promise<void>;
  /** Closes a finished job's panel. */
  dismiss(): void;
  /**
   * When no job is shown, asks the core for its jobs (`agents.jobs`) and shows the newest running
   * one, else the newest finished one not dismissed, with the output it kept; events that arrive
   * meanwhile are applied after it, each character once.
   */
  attach(): Promise<void>;
  applyStatus(payload: AgentsEventMap['agents.status']): void;
  applyOutput(payload: AgentsEventMap['agents.output']): void;
  applyDone(payload: AgentsEventMap['agents.done']): void;
}

export type AgentsSlice = AgentsState & AgentsActions;

export const isFinished = (i: SyncInstance) => i.status === 'done' || i.status === 'failed' || i.status === 'cancelled';

/** How many closed job ids are remembered. */
const MAX_DISMISSED = 50;
/** Events held while `attach` waits for the core (they may belong to the job it will show). */
const MAX_HELD_EVENTS = 2_000;

const finalStatus = (exitCode: number | null, error: SyncError | null | undefined): SyncStatus =>
  error?.kind === 'cancelled' ? 'cancelled' : error || exitCode !== 0 ? 'failed' : 'done';

/** Appends output once: text this window already has (by `end`) is skipped, characters it never got are counted. */
function withOutput(i: SyncInstance, { text, end }: AgentsEventMap['agents.output']): Partial<SyncInstance> {
  if (end <= i.received) return {};
  const start = end - text.length;
  const fresh = start < i.received ? text.slice(i.received - start) : text;
  const missed = Math.max(0, start - i.received);
  const log = i.log + fresh;
  const over = Math.max(0, log.length - MAX_LOG_CHARS);
  return { log: over > 0 ? log.slice(over) : log, dropped: i.dropped + over + missed, received: end };
}

/** An instance as the core kept it; its label is left empty for the panel to take from the fleet. */
function instanceFromSnapshot(r: SyncInstanceSnapshot): SyncInstance {
  const log = r.output.length > MAX_LOG_CHARS ? r.output.slice(r.output.length - MAX_LOG_CHARS) : r.output;
  return {
    id: r.id,
    region: r.region,
    label: '',
    status: r.phase === 'done' ? finalStatus(r.exitCode, r.error) : r.phase,
    target: r.target ?? null,
    hostKey: r.hostKey ?? null,
    exitCode: r.exitCode,
    error: r.error ?? null,
    log,
    dropped: r.outputEnd - log.length,
    received: r.outputEnd,
    durationMs: r.durationMs ?? null,
  };
}

/** The job to show after a reload: the newest still running, else the newest finished one not dismissed. */
export function pickJob(jobs: readonly SyncJobSnapshot[], dismissed: readonly string[]): SyncJobSnapshot | null {
  const candidates = jobs.filter((j) => !dismissed.includes(j.jobId));
  return candidates.findLast((j) => j.finishedAt === null) ?? candidates.at(-1) ?? null;
}

const phaseRank: Record<SyncStatus, number> = { queued: 0, connecting: 1, running: 2, done: 3, failed: 3, cancelled: 3 };
export const jobRunning = (job: SyncJobState | null) => job !== null && job.error === null && job.instances.some((i) => !isFinished(i));

/** A job id made here, so events that arrive before syncNow answers find their job. */
export function newJobId(random: () => number = Math.random): string {
  return newUiId('ui-sync-', random);
}

type HeldEvent =
  | { kind: 'status'; payload: AgentsEventMap['agents.status'] }
  | { kind: 'output'; payload: AgentsEventMap['agents.output'] }
  | { kind: 'done'; payload: AgentsEventMap['agents.done'] };

export const createAgentsSlice: SliceCreator<'agents'> = (set, get, client) => {
  const current = () => get().agents.job;
  /** While attach waits: events of jobs not shown (one may be the job it is about to show). */
  let held: HeldEvent[] | null = null;
  const hold = (event: HeldEvent) => {
    if (held === null || current()?.jobId === event.payload.jobId) return false;
    if (held.length < MAX_HELD_EVENTS) held.push(event);
    return true;
  };
  const patchJob = (jobId: string, change: (job: SyncJobState) => Partial<SyncJobState>) =>
    set((s) => (s.agents.job?.jobId === jobId ? { agents: { ...s.agents, job: { ...s.agents.job, ...change(s.agents.job) } } } : s));
  const patchInstance = (jobId: string, instanceId: string, change: (i: SyncInstance) => Partial<SyncInstance>) =>
    patchJob(jobId, (job) => ({ instances: job.instances.map((i) => (i.id === instanceId && !isFinished(i) ? { ...i, ...change(i) } : i)) }));

  return {
    job: null,
    dismissed: [],
    syncNow: async (targets) => {
      if (jobRunning(current()) || targets.length === 0) return;
      const jobId = newJobId();
      const instances: SyncInstance[] = targets.map(({ id, region, label }) => ({
        id, region, label, status: 'queued', target: null, hostKey: null, exitCode: null, error: null, log: '', dropped: 0, received: 0, durationMs: null,
      }));
      set((s) => ({ agents: { ...s.agents, job: { jobId, command: 'flotilla-agent sync', instances, error: null, cancelling: false, cancelError: null, reattached: false } } }));
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
      const job = current();
      if (jobRunning(job)) return;
      set((s) => ({ agents: { ...s.agents, job: null, dismissed: job ? [...s.agents.dismissed, job.jobId].slice(-MAX_DISMISSED) : s.agents.dismissed } }));
    },
    attach: async () => {
      if (current() !== null || held !== null) return;
      held = [];
      const result = await client.api.agents.jobs({}).catch(() => null);
      const events: HeldEvent[] = held;
      held = null;
      // A sync started here meanwhile wins; a failed look-up leaves the page as it was.
      if (!result?.ok || current() !== null) return;
      const snapshot = pickJob(result.value, get().agents.dismissed);
      if (!snapshot) return;
      const job: SyncJobState = {
        jobId: snapshot.jobId,
        command: snapshot.command,
        instances: snapshot.instances.map(instanceFromSnapshot),
        error: null,
        cancelling: false,
        cancelError: null,
        reattached: true,
      };
      set((s) => ({ agents: { ...s.agents, job } }));
      const actions = get().agents;
      for (const event of events) {
        if (event.payload.jobId !== job.jobId) continue;
        if (event.kind === 'status') actions.applyStatus(event.payload);
        else if (event.kind === 'output') actions.applyOutput(event.payload);
        else actions.applyDone(event.payload);
      }
    },
    applyStatus: (payload) => {
      if (hold({ kind: 'status', payload })) return;
      const { jobId, instanceId, phase, target, hostKey } = payload;
      // An event older than what attach showed does not move the instance back.
      patchInstance(jobId, instanceId, (i) => ({ status: phaseRank[phase] < phaseRank[i.status] ? i.status : phase, target: target ?? i.target, hostKey: hostKey ?? i.hostKey }));
    },
    applyOutput: (payload) => {
      if (hold({ kind: 'output', payload })) return;
      patchInstance(payload.jobId, payload.instanceId, (i) => withOutput(i, payload));
    },
    applyDone: (payload) => {
      if (hold({ kind: 'done', payload })) return;
      const { jobId, instanceId, exitCode, error, durationMs } = payload;
      patchInstance(jobId, instanceId, () => ({ status: finalStatus(exitCode, error), exitCode, error: error ?? null, durationMs }));
    },
  };
};
