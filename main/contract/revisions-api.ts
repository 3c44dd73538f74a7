import type { NoInput } from './api';
import type { PackageSummary, PointerState, RevisionInfo } from './dto/revisions';

/**
 * The bucket side of FTL-compatible release revisions: list packages and their revisions, and move
 * a package's pointers (bless a revision, roll back to previous). Every method takes one input
 * object and resolves to a value, or throws FlotillaError (`invalid-input` with data.setting 'revisions.bucket' when no revisions bucket
 * is set or a name is malformed, `not-found` for an unknown revision or package, `forbidden` when
 * AWS refuses, `unavailable` when the bucket cannot be reached).
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
}
