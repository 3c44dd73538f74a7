import type { SpoolDoneEvent, SpoolProgress, SpoolProgressEvent, SpoolResult } from '@contract/revisions/dto';
import type { ContractError } from '@contract/errors';

/** One spool, as this window knows it: from its own start call and the core's events. */
export interface SpoolJob {
  spoolId: string;
  path: string;
  /** Started from this window (its revision is then shown when done). */
  mine: boolean;
  status: 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';
  progress: SpoolProgress | null;
  result: SpoolResult | null;
  error: ContractError | null;
}

/** Finished spools kept on screen (newest first) until dismissed. */
export const KEPT_FINISHED = 5;

const isRunning = (job: SpoolJob) => job.status === 'running' || job.status === 'cancelling';

function upsert(jobs: SpoolJob[], spoolId: string, path: string, change: (job: SpoolJob) => SpoolJob): SpoolJob[] {
  const found = jobs.find((j) => j.spoolId === spoolId);
  const base: SpoolJob = found ?? { spoolId, path, mine: false, status: 'running', progress: null, result: null, error: null };
  const next = change(base);
  const rest = jobs.filter((j) => j.spoolId !== spoolId);
  const all = found ? jobs.map((j) => (j.spoolId === spoolId ? next : j)) : [next, ...rest];
  // Running ones all stay; finished ones beyond KEPT_FINISHED go.
  let finished = 0;
  return all.filter((j) => isRunning(j) || ++finished <= KEPT_FINISHED);
}

/** The start call answered (events for it may already have come, even its end). */
export function spoolStarted(jobs: SpoolJob[], spoolId: string, path: string): SpoolJob[] {
  return upsert(jobs, spoolId, path, (job) => ({ ...job, path, mine: true }));
}

export function spoolProgressed(jobs: SpoolJob[], event: SpoolProgressEvent): SpoolJob[] {
  const { spoolId, path, ...progress } = event;
  return upsert(jobs, spoolId, path, (job) => (isRunning(job) ? { ...job, progress } : job));
}

export function spoolFinished(jobs: SpoolJob[], event: SpoolDoneEvent): SpoolJob[] {
  return upsert(jobs, event.spoolId, event.path, (job) =>
    event.ok
      ? { ...job, status: 'done', result: event.result, error: null }
      : { ...job, status: event.cancelled ? 'cancelled' : 'failed', result: null, error: event.error },
  );
}

export function spoolCancelling(jobs: SpoolJob[], spoolId: string): SpoolJob[] {
  return jobs.map((j) => (j.spoolId === spoolId && j.status === 'running' ? { ...j, status: 'cancelling' } : j));
}
