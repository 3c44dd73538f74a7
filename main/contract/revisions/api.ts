import type { NoInput } from '../api';
import type { DriftReport, PackageSummary, PointerState, RevisionInfo, SpoolStarted } from './dto';

/**
 * The bucket side of FTL-compatible release revisions: list packages and their revisions, move
 * a package's pointers (bless a revision, roll back to previous), spool a new revision and see
 * which revision each server runs. Every method takes one input object and resolves to a value,
 * or throws FlotillaError (`invalid-input` with data.setting 'revisions.bucket' when no revisions
 * bucket is set or a name is malformed, `not-found` for an unknown revision, package or path,
 * `forbidden` when AWS refuses, `unavailable` when the bucket cannot be reached).
 */
export interface RevisionsApi {
  /** Every package in the bucket with what its current and previous pointers name. */
  packages(input: NoInput): Promise<PackageSummary[]>;
  /** A package's revisions, oldest first, flagged current / previous. */
  revisions(input: { package: string }): Promise<RevisionInfo[]>;
  /** Blesses `<package>.<rev>`: it becomes current and the old current becomes previous. */
  jump(input: { revision: string }): Promise<PointerState>;
  /** Rolls the package back: previous becomes current again. */
  jumpBack(input: { package: string }): Promise<PointerState>;
  /**
   * Starts spooling a file, or a folder packed as `<folder>.tar.gz`, at an absolute path (or
   * `~/...`) on the machine running the core. Answers at once once the path and the bucket are
   * checked; `revisions.spoolProgress` events follow, then one `revisions.spoolDone`.
   */
  spool(input: { path: string }): Promise<SpoolStarted>;
  /** Stops a running spool (its spoolDone says cancelled); false when it is no longer running. */
  cancelSpool(input: { spoolId: string }): Promise<{ cancelled: boolean }>;
  /** Which revision each live instance runs, from the agents' reports under `flotilla-status/<package>/`. */
  drift(input: { package: string }): Promise<DriftReport>;
}
