import type { NoInput } from '../api';
import type { CancelResult, SyncJob, SyncJobSnapshot, SyncNowInput } from './dto';

/**
 * Runs `flotilla-agent sync` on instances over SSH ("Sync now"), or over SSM (SendCommand with
 * AWS-RunShellScript) for instances whose access is `ssm`, a few at a time, with live output.
 * syncNow answers at once; progress arrives as 'agents.status', 'agents.output' and 'agents.done'
 * events. Throws FlotillaError `invalid-input` when the job id is already in use.
 */
export interface AgentsApi {
  syncNow(input: SyncNowInput): Promise<SyncJob>;
  /**
   * Stops the job: queued instances are skipped, running ones are sent TERM and disconnected; SSM
   * commands are sent CancelCommand and end (`cancelled`) when SSM reports Cancelled.
   */
  cancel(input: { jobId: string }): Promise<CancelResult>;
  /**
   * The jobs still running and those finished in the last 10 minutes, oldest first, each with a
   * bounded tail of every instance's output: what a reloaded window needs to show a job again.
   * Events keep coming for running jobs; `end` in 'agents.output' tells what the tail holds.
   */
  jobs(input: NoInput): Promise<SyncJobSnapshot[]>;
}
