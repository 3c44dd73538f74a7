/**
 * What a sync of one package does, decided from names alone (revs sort by time as strings).
 */

/** The oldest revision the bucket still points at: previous, or current if that is older. */
export function cutOff(current: string | null, previous: string | null): string | null {
  if (current && previous) return previous < current ? previous : current;
  return current ?? previous;
}

export interface DownloadInput {
  /** The bucket's pointers, as revs. */
  current: string | null;
  previous: string | null;
  /** How many revisions older than current (besides previous) are kept (see toRemove). */
  keep: number;
}

/**
 * Revisions to fetch: those in the bucket at or after the cut-off that are not here yet, except
 * the ones toRemove would prune right after (older than current, not previous, not among the
 * newest `keep` of them), which would otherwise be fetched again by every sync. With no pointers
 * at all (a package never jumped), every revision is fetched, as FTL does.
 */
export function toDownload(remote: readonly string[], local: ReadonlySet<string>, input: DownloadInput): string[] {
  const cut = cutOff(input.current, input.previous);
  const live = remote.filter((rev) => cut === null || rev >= cut);
  const older = live.filter((rev) => input.current !== null && rev < input.current && rev !== input.previous);
  const pruned = new Set(older.slice(0, Math.max(0, older.length - Math.max(0, input.keep))));
  return live.filter((rev) => !local.has(rev) && !pruned.has(rev));
}

export interface RemovalInput {
  remote: ReadonlySet<string>;
  /** Revisions here, oldest first. */
  local: readonly string[];
  current: string | null;
  previous: string | null;
  /** How many revisions older than current (besides previous) to keep. */
  keep: number;
}

/**
 * Revisions to remove: those gone from the bucket, and older ones past the newest `keep`;
 * never current or previous. Revisions newer than current (staged for a jump) are kept.
 */
export function toRemove(input: RemovalInput): { gone: string[]; pruned: string[] } {
  const protectedRevs = new Set([input.current, input.previous].filter((r): r is string => r !== null));
  const gone = input.local.filter((rev) => !input.remote.has(rev) && !protectedRevs.has(rev));
  const goneSet = new Set(gone);
  const older = input.local.filter((rev) => !goneSet.has(rev) && !protectedRevs.has(rev) && input.current !== null && rev < input.current);
  const pruned = older.slice(0, Math.max(0, older.length - Math.max(0, input.keep)));
  return { gone, pruned };
}
