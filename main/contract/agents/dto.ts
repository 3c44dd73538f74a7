/** What "Sync now" (the agents service) takes and reports: pure data, shared by core and UI. */

/** The command run on each server; fixed (the agent's `sync` has no package filter). */
export const SYNC_COMMAND = 'flotilla-agent sync';

/** An instance to sync; the region is needed to pick the SSH key file. */
export interface SyncTarget {
  id: string;
  region: string;
}

export interface SyncNowInput {
  instances: SyncTarget[];
  /**
   * Names the job, so the caller can tell its events from others' before the answer arrives
   * (letters, digits, `_`, `-`; at most 64). Default: made by the core.
   */
  jobId?: string;
}

/** `targets`: the instances, each once, in the order given; each gets 'agents.done' exactly once. */
export interface SyncJob {
  jobId: string;
  command: string;
  targets: SyncTarget[];
}

export interface CancelResult {
  jobId: string;
  /** How many instances were still queued or running and are now stopped (0 when the job had finished). */
  cancelled: number;
}

/**
 * Why an instance did not sync. `no-key-file`: no SSH key file is set for its region (see
 * `setting`) and no ssh-agent offers a key; `key-file`: the file cannot be read, is not a private
 * key, or has a passphrase and no ssh-agent is available to hold it;
 * `no-address`: no public address (or the instance was not found); `auth`: the server refused the
 * key or user; `host-key`: the host key differs from ~/.ssh/known_hosts; `refused`: nothing
 * listens on port 22; `unreachable`: no route, or the connection attempt timed out; `timeout`:
 * connected but the SSH handshake or keepalives went unanswered; `not-installed`: the server has
 * no flotilla-agent (exit 127); `killed`: the command ended by a signal; `connection`: the
 * connection broke; `cancelled`: stopped from the app.
 * Over SSM: `unreachable` when the instance's SSM agent is not online (InvalidInstanceId,
 * DeliveryTimedOut), `auth` when AWS refuses ssm:SendCommand, `timeout` for TimedOut,
 * `connection` for other SSM errors.
 */
export type SyncErrorKind =
  | 'no-key-file'
  | 'key-file'
  | 'no-address'
  | 'auth'
  | 'host-key'
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'not-installed'
  | 'killed'
  | 'connection'
  | 'cancelled';

export interface SyncError {
  kind: SyncErrorKind;
  /** What is wrong and how to fix it. */
  message: string;
  /** The setting to change, e.g. `regionKeys.eu-west-1.sshKeyFile`. */
  setting?: string;
}

/** How the server's host key was checked: `known` (matches ~/.ssh/known_hosts) or `new` (not listed: accepted on first use). */
export interface HostKeyInfo {
  fingerprint: string;
  status: 'known' | 'new';
}

/** Where an instance is in a job: waiting for a slot, connecting, running the command, or done. */
export type SyncPhase = 'queued' | 'connecting' | 'running' | 'done';

/** One instance of a job as the core remembers it (`agents.jobs`). */
export interface SyncInstanceSnapshot {
  id: string;
  region: string;
  phase: SyncPhase;
  /** `user@host` (SSH) or `SSM <instance id>`, once running. */
  target?: string;
  hostKey?: HostKeyInfo;
  /** Once done: the exit code, or null with `error` (as in 'agents.done'). */
  exitCode: number | null;
  error?: SyncError;
  durationMs?: number;
  /** Over SSM: the SendCommand's command id (the Systems Manager console's Run Command history shows it). */
  commandId?: string;
  /** The newest output, stdout and stderr as they arrived; at most 64 Ki characters (less when many jobs are kept). */
  output: string;
  /**
   * How many characters of output the instance has sent so far, counting those not in `output`;
   * each 'agents.output' event carries the same count as `end`, so a caller can tell what it has.
   */
  outputEnd: number;
}

/** A job the core still runs, or finished a short while ago (`agents.jobs`). */
export interface SyncJobSnapshot {
  jobId: string;
  command: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601; null while an instance is still queued, connecting or running. */
  finishedAt: string | null;
  /** In the order given to syncNow. */
  instances: SyncInstanceSnapshot[];
}
