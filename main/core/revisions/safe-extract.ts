import type { Readable } from 'node:stream';
import { Unpack, type ReadEntry } from 'tar';
import { FlotillaError } from '../../contract/errors';
import { EntryGuard } from './entry-guard';
import { firstEscapingLink } from './symlink-check';

/** Whether a revision object is a tarball to extract (by its key's ending), as FTL decides. */
export function isTarball(key: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(key);
}

export class RefusedArchive extends FlotillaError {
  constructor(what: string, reason: string) {
    super('invalid-input', `Refused ${what}: ${reason}. Nothing of it was kept; fix the archive and spool it again.`, { reason });
  }
}

/**
 * Extracts a tar (gzipped or not, detected from its bytes) from `source` into `dest` while it
 * streams in. Every entry passes the EntryGuard first. After a refusal every later entry is
 * skipped but the stream is still read to its end, so that writes already under way finish
 * before the caller deletes `dest` (aborting would leave them racing the deletion). Owners are
 * not kept. Once done, every symlink the archive made is resolved on disk to prove it stays inside.
 */
export async function extractTar(source: Readable, dest: string, what: string, upstreamError: () => unknown = () => undefined): Promise<void> {
  const guard = new EntryGuard();
  let refusal: string | null = null;
  const unpack = new Unpack({
    cwd: dest,
    strict: true,
    preserveOwner: false,
    filter: (_path, entry) => {
      if (refusal) return false;
      refusal = guard.check(entry as ReadEntry);
      return refusal === null;
    },
  });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(unpack as unknown as NodeJS.WritableStream);
      source.destroy();
      if (refusal) reject(new RefusedArchive(what, refusal));
      else if ((error as { tarCode?: string })?.tarCode) reject(new RefusedArchive(what, `it is not a readable tar archive (${(error as Error).message})`));
      else reject(error);
    };
    source.once('error', fail);
    let ended = false;
    source.once('end', () => (ended = true));
    // A stage before `source` failing may close it without an error of its own.
    source.once('close', () => ended || fail(upstreamError() ?? new Error('the download stopped before its end')));
    unpack.on('error', fail); // stays attached: late errors after settling are expected and ignored
    unpack.once('finish', () => {
      if (refusal) fail(new Error(refusal));
      else if (!settled) (settled = true), resolve();
    });
    source.pipe(unpack as unknown as NodeJS.WritableStream);
  });
  const escaping = await firstEscapingLink(dest, guard.symlinks);
  if (escaping) throw new RefusedArchive(what, `symlink '${escaping}' resolves outside the revision folder through other links`);
}
