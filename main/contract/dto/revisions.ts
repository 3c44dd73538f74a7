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

export type SpoolPhase = 'packing' | 'hashing' | 'uploading';

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

/** `<package>.status/<host-or-instance-id>.json`, written after each local jump. */
export interface HostStatus {
  package: string;
  revision: string;
  /** ISO 8601. */
  time: string;
  host: string;
}
