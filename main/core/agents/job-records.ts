import type { AgentsEventMap } from '../../contract/agents/events';
import type { SyncInstanceSnapshot, SyncJobSnapshot, SyncTarget } from '../../contract/agents/dto';
import type { Clock } from '../ports';

export interface JobRecordsLimits {
  /** The most characters of output kept per instance (default 64 Ki). */
  tailChars: number;
  /** How long a finished job is kept (default 10 minutes). */
  keepFinishedMs: number;
  /** The most finished jobs kept (default 10). */
  keepFinishedJobs: number;
  /**
   * The most characters of output kept across every job (default 8 Mi, about 16 MB): past it the
   * oldest finished jobs lose their output first, then running jobs' tails are shortened evenly.
   */
  budgetChars: number;
}

export const DEFAULT_JOB_RECORDS_LIMITS: JobRecordsLimits = {
  tailChars: 64 * 1024,
  keepFinishedMs: 10 * 60_000,
  keepFinishedJobs: 10,
  budgetChars: 8 * 1024 * 1024,
};

type InstanceRecord = SyncInstanceSnapshot;

interface JobRecord {
  jobId: string;
  command: string;
  startedAt: number;
  finishedAt: number | null;
  instances: Map<string, InstanceRecord>;
}

export interface JobRecords {
  start(jobId: string, command: string, targets: readonly SyncTarget[]): void;
  status(payload: AgentsEventMap['agents.status']): void;
  /** Keeps the text in the instance's tail and answers its `end` (characters so far, skipped included). */
  output(payload: Omit<AgentsEventMap['agents.output'], 'end'>): number;
  done(payload: AgentsEventMap['agents.done']): void;
  /** Running jobs and those finished within `keepFinishedMs`, oldest first. */
  list(): SyncJobSnapshot[];
  /** Characters of output kept in all (for tests of the budget). */
  keptChars(): number;
}

/**
 * What the agents service remembers of its jobs so a window that reloads can show them again:
 * each instance's phase, result and the newest part of its output, within fixed bounds.
 */
export function createJobRecords(clock: Pick<Clock, 'now'>, limits: JobRecordsLimits = DEFAULT_JOB_RECORDS_LIMITS): JobRecords {
  const jobs = new Map<string, JobRecord>(); // in the order started
  let kept = 0;

  const setOutput = (record: InstanceRecord, output: string) => {
    kept += output.length - record.output.length;
    record.output = output;
  };

  function forget(job: JobRecord) {
    for (const record of job.instances.values()) kept -= record.output.length;
    jobs.delete(job.jobId);
  }

  function prune() {
    const now = clock.now().getTime();
    const finished = [...jobs.values()].filter((j) => j.finishedAt !== null);
    finished.forEach((job, index) => {
      if (now - job.finishedAt! > limits.keepFinishedMs || finished.length - index > limits.keepFinishedJobs) forget(job);
    });
  }

  function keepWithinBudget() {
    if (kept <= limits.budgetChars) return;
    for (const job of jobs.values()) {
      if (job.finishedAt === null) continue;
      for (const record of job.instances.values()) setOutput(record, '');
      if (kept <= limits.budgetChars) return;
    }
    const withOutput = [...jobs.values()].flatMap((j) => [...j.instances.values()]).filter((r) => r.output.length > 0);
    const share = Math.floor(limits.budgetChars / withOutput.length);
    for (const record of withOutput) if (record.output.length > share) setOutput(record, record.output.slice(record.output.length - share));
  }

  const recordOf = (jobId: string, instanceId: string) => jobs.get(jobId)?.instances.get(instanceId);

  return {
    start(jobId, command, targets) {
      const previous = jobs.get(jobId);
      if (previous) forget(previous);
      const instances = new Map(targets.map((t): [string, InstanceRecord] => [t.id, { id: t.id, region: t.region, phase: 'queued', exitCode: null, output: '', outputEnd: 0 }]));
      jobs.set(jobId, { jobId, command, startedAt: clock.now().getTime(), finishedAt: null, instances });
      prune();
    },
    status({ jobId, instanceId, phase, target, hostKey, commandId }) {
      const record = recordOf(jobId, instanceId);
      if (!record || record.phase === 'done') return;
      record.phase = phase;
      if (target) record.target = target;
      if (hostKey) record.hostKey = hostKey;
      if (commandId) record.commandId = commandId;
    },
    output({ jobId, instanceId, text, skipped }) {
      const record = recordOf(jobId, instanceId);
      if (!record) return 0;
      record.outputEnd += (skipped ?? 0) + text.length;
      const tail = record.output + text;
      setOutput(record, tail.length > limits.tailChars ? tail.slice(tail.length - limits.tailChars) : tail);
      keepWithinBudget();
      return record.outputEnd;
    },
    done({ jobId, instanceId, exitCode, error, durationMs }) {
      const job = jobs.get(jobId);
      const record = job?.instances.get(instanceId);
      if (!job || !record) return;
      Object.assign(record, { phase: 'done', exitCode, durationMs }, error ? { error } : {});
      if ([...job.instances.values()].every((r) => r.phase === 'done')) {
        job.finishedAt = clock.now().getTime();
        prune();
      }
    },
    list() {
      prune();
      return [...jobs.values()].map((job) => ({
        jobId: job.jobId,
        command: job.command,
        startedAt: new Date(job.startedAt).toISOString(),
        finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
        instances: [...job.instances.values()].map((r) => ({ ...r })),
      }));
    },
    keptChars: () => kept,
  };
}
