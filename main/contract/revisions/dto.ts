import type { ContractError } from '../errors';

/**
 * Release revisions stored in S3 the way FTL stores them (`<package>.<rev>.<rest>`), and their
 * copies on a server under FTL_ROOT. Plain data only: the app, the agent and tests share these.
 */

/** A package in the bucket, with the revisions its pointers name (null when unset). */
export interface PackageSummary {
  name: string;
  /** `<package>.<rev>` named by `<package>.current` (or the legacy `<package>.rev`). */
  current: string | null;
  /** `<package>.<rev>` named by `<package>.previous`. */
  previous: string | null;
}

/** One revision object in the bucket. */
export interface RevisionInfo {
  /** `<package>.<rev>`, what jump and purge take. */
  name: string;
  package: string;
  /** `YYYYMMDD` + seconds since midnight (5 digits) + 2 hash characters, e.g. `2026112203723Ab`. */
  rev: string;
  /** The object key, `<package>.<rev>.<rest>`. */
  key: string;
  size: number;
  /** ISO 8601. */
  lastModified: string;
  current: boolean;
  previous: boolean;
}

/**
 * `finishing`: every byte is sent and S3 is joining the parts into one object
 * (CompleteMultipartUpload), which can take seconds for a large file; its one event has no rate or ETA.
 */
export type SpoolPhase = 'packing' | 'hashing' | 'uploading' | 'finishing';

export interface SpoolProgress {
  phase: SpoolPhase;
  bytes: number;
  /** Null while a folder is being packed (its size is not known yet). */
  totalBytes: number | null;
  rateBytesPerSec: number;
  /** Null when it cannot be estimated yet. */
  etaSeconds: number | null;
}

export interface SpoolResult {
  /** `<package>.<rev>` */
  name: string;
  package: string;
  rev: string;
  key: string;
  size: number;
  sha256: string;
}

/** What the bucket's pointers of a package say after jump, jump-back. */
export interface PointerState {
  package: string;
  current: string | null;
  previous: string | null;
}

/** One revision folder on this server, `FTL_ROOT/<package>/revs/<rev>/`. */
export interface LocalRevision {
  name: string;
  package: string;
  rev: string;
  path: string;
  current: boolean;
  previous: boolean;
}

export interface LocalPackage {
  name: string;
  current: string | null;
  previous: string | null;
  revisions: number;
}

export type HookName = 'post-spool' | 'pre-jump' | 'un-jump' | 'post-jump' | 'pre-remove';

/** A hook that exited non-zero, was killed, or ran past its timeout. */
export interface HookFailure {
  hook: HookName;
  /** `<package>.<rev>` whose hook it was. */
  revision: string;
  /** Null when the hook was killed (timeout or signal). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The package's hook log, where its output went. */
  logFile: string;
  /** The end of what the hook printed (at most 2000 bytes). */
  outputTail: string;
}

export interface JumpResult {
  package: string;
  /** The revision now current. */
  current: string;
  previous: string | null;
  /** False when the revision was already current (nothing ran). */
  changed: boolean;
  /** Set when post-jump failed: the switch stays, the failure is reported. */
  postJumpFailure: HookFailure | null;
}

export interface PackageSyncReport {
  package: string;
  /** The bucket's current revision, null when the package has none. */
  remoteCurrent: string | null;
  /** The local current revision after the sync. */
  current: string | null;
  previous: string | null;
  downloaded: string[];
  removed: string[];
  /** Each problem, as a message that says what to do; empty when the package synced cleanly. */
  errors: string[];
  hookFailures: HookFailure[];
}

export interface SyncReport {
  packages: PackageSyncReport[];
  ok: boolean;
}

export interface SyncProgress {
  package: string;
  revision: string;
  bytes: number;
  totalBytes: number;
}

/** A server's status report, `flotilla-status/<package>/<encoded host or instance id>`, written after each local jump. */
export interface HostStatus {
  package: string;
  revision: string;
  /** ISO 8601. */
  time: string;
  host: string;
}

/** What `revisions.spool` answers at once; progress and the outcome follow as events with this id. */
export interface SpoolStarted {
  spoolId: string;
  /** The absolute path being spooled (after `~/` expansion). */
  path: string;
}

/** `revisions.spoolProgress`: at most 4 a second per phase, plus each phase's last. */
export interface SpoolProgressEvent extends SpoolProgress {
  spoolId: string;
  path: string;
}

/** `revisions.spoolDone`: exactly one per spool, with the new revision or why there is none. */
export type SpoolDoneEvent = { spoolId: string; path: string } & (
  | { ok: true; result: SpoolResult }
  | { ok: false; cancelled: boolean; error: ContractError }
);

/** `revisions.changed`: a package's revisions or pointers changed, so views of it reload. */
export interface RevisionsChangedEvent {
  package: string;
  reason: 'spool' | 'jump' | 'jumpBack';
}

/**
 * How one server stands against the bucket's current revision of a package:
 * - `current`: its last report names the bucket's current revision;
 * - `behind`: it reports another revision (reported after the current pointer last moved, or
 *   within `staleAfterHours` of that move: it has not caught up yet, or was jumped elsewhere);
 * - `stale`: it reports another revision and has not reported since the current pointer moved,
 *   more than `staleAfterHours` ago (its agent's sync is probably not running), or its report
 *   cannot be read;
 * - `missing`: a live instance with no report for this package, of a project that runs it (named after it, or another of its instances reported);
 * - `orphan`: a report from no live instance (terminated, or not one of Flotilla's).
 * Agents report only when they switch revision, so the age of a report that names the current
 * revision never makes it stale.
 */
export type DriftState = 'current' | 'behind' | 'stale' | 'missing' | 'orphan';

export interface DriftEntry {
  /** The live instance's id, else the id in the status object's key (instance id or host name). */
  id: string;
  /** The live instance this row is about; null for an orphan (or when the fleet could not be listed). */
  instance: { id: string; region: string; name: string; state: string } | null;
  /** `<package>.<rev>` the server reported; null when missing or unreadable. */
  revision: string | null;
  /** The live instance's `flotilla:revision` tag (what it was launched with); null when none or no instance. */
  launchedWith: string | null;
  /** When the server reported it (ISO 8601); null when missing. */
  reportedAt: string | null;
  /** The host name in the report. */
  host: string | null;
  /** The status object's key (`flotilla-status/<package>/<encoded id>`); null when missing. */
  key: string | null;
  state: DriftState;
  /** Why a report could not be used, and what to do. */
  problem: string | null;
}

export interface DriftReport {
  package: string;
  /** The bucket's current revision, null when the package has none. */
  current: string | null;
  /** When the current pointer last moved (the pointer object's time); null when unknown. */
  currentSince: string | null;
  staleAfterHours: number;
  /** Live instances first (by state), then orphans. */
  entries: DriftEntry[];
  /**
   * Live instances without a report that are not expected to run the package (their project is
   * not named after it and no instance of their project has reported for it): counted, not listed.
   */
  otherInstances: number;
  /** Why the live instances could not be (fully) listed; no report is called orphan then. */
  instancesError: string | null;
  /** ISO 8601. */
  checkedAt: string;
}
