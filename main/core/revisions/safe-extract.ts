import { Transform, type Readable } from 'node:stream';
import { Unpack, type ReadEntry } from 'tar';
import { FlotillaError } from '../../contract/errors';
import { EntryGuard } from './entry-guard';
import { DEFAULT_LIMITS, diskFull, isDiskFull, RevisionBudget, type Refusal, type RevisionLimits } from './limits';
import { firstEscapingLink } from './symlink-check';

/** Whether a revision object is a tarball to extract (by its key's ending), as FTL decides. */
export function isTarball(key: string): boolean {
  return /\.(tar|tar\.gz|tgz)$/i.test(key);
}

export class RefusedArchive extends FlotillaError {
  constructor(what: string, reason: string, advice = 'fix the archive and spool it again') {
    super('invalid-input', `Refused ${what}: ${reason}. Nothing of it was kept; ${advice.charAt(0).toLowerCase() + advice.slice(1)}`.replace(/([^.])$/, '$1.'), {
      reason,
    });
  }
}

export interface ExtractOptions {
  /** The error of a stage before `source` (download, gunzip), when `source` ends without one. */
  upstreamError?(): unknown;
  limits?: RevisionLimits;
  /** The folder named in messages about free space (default `dest`). */
  shownDir?: string;
}

/** How long a stopped extraction may take to finish the writes under way before its folder is deleted anyway. */
const SETTLE_MS = 10_000;

/**
 * Extracts a tar (plain; a gzipped one is inflated before `source`) from `source` into `dest`
 * while it streams in. Every entry passes the EntryGuard and the RevisionBudget first (entry
 * count, sizes declared by the headers), and every chunk of the stream the budget (bytes
 * actually unpacked, free space left). On the first refusal or error, the stream is stopped at
 * once (nothing more is read or inflated), the writes already under way are let finish (so the
 * caller's deletion of `dest` does not race them), and the promise rejects: with a
 * RefusedArchive for a refusal, a full disk or a damaged tar; with the upstream error otherwise.
 * Owners are not kept. Once done, every symlink the archive made is resolved on disk to prove it
 * stays inside.
 */
export async function extractTar(source: Readable, dest: string, what: string, options: ExtractOptions = {}): Promise<void> {
  const guard = new EntryGuard();
  const budget = new RevisionBudget(options.limits ?? DEFAULT_LIMITS, dest, options.shownDir);
  const before = await budget.space(0);
  if (before) {
    source.destroy();
    throw new RefusedArchive(what, before.reason, before.advice);
  }
  let refusal: Refusal | null = null;
  let failure: unknown = null;
  let stop: () => void = () => undefined;
  const refuse = (r: Refusal) => {
    refusal ??= r;
    stop();
  };
  const unpack = new Unpack({
    cwd: dest,
    strict: true,
    preserveOwner: false,
    filter: (_path, entry) => {
      if (refusal || failure) return false;
      const e = entry as ReadEntry;
      const found = guard.check(e);
      const r: Refusal | null = found ? { reason: found } : budget.entry(e.path, e.size ?? 0);
      if (r) refuse(r);
      return r === null;
    },
  });
  // node-tar inflates gzip and zstd itself when the data starts with their magic, after this meter
  // (so up to 1000 times what it counted): a tar is expected here, compressed data is refused.
  let head: Buffer | null = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head) {
        head = Buffer.concat([head, chunk.subarray(0, 4)]).subarray(0, 4);
        const kind = compressedKind(head);
        if (head.length >= 4 || kind) head = null;
        if (kind) {
          refuse({
            reason: `its data is ${kind}-compressed where a tar archive was expected (a .tar key holding a compressed archive, or a .tar.gz or .tgz compressed twice)`,
            advice: 'Spool the release again from a folder, or from a .tar, .tar.gz or .tgz file compressed once at most',
          });
          return done();
        }
      }
      budget.bytes(chunk.length, true).then(
        (r) => {
          if (r) refuse(r);
          else if (!refusal && !failure) return done(null, chunk);
          done();
        },
        (error: unknown) => done(error as Error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    let finished = false;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (refusal) reject(new RefusedArchive(what, refusal.reason, refusal.advice));
      else if (failure) reject(failure);
      else resolve();
    };
    let timer: NodeJS.Timeout | undefined;
    stop = () => {
      if (stopping) return;
      stopping = true;
      source.unpipe(meter);
      meter.unpipe(unpack as unknown as NodeJS.WritableStream);
      source.destroy();
      meter.destroy();
      // Ends the parser where it is (a cut entry is closed short); 'finish' comes once the
      // writes under way are done. Not from inside the parser's own call to the filter.
      setImmediate(() => {
        if (finished) return settle();
        timer = setTimeout(settle, SETTLE_MS);
        unpack.end();
      });
    };
    const fail = (error: unknown) => {
      if (stopping || refusal || failure) return;
      const e = error as NodeJS.ErrnoException & { tarCode?: string; entry?: { path?: string } };
      if (isDiskFull(e)) refusal = diskFull(options.shownDir ?? dest, e, e.entry?.path ? `while unpacking '${e.entry.path}'` : 'while unpacking');
      else if (e?.tarCode) refusal = { reason: `it is not a readable tar archive (${e.message})` };
      else failure = error;
      stop();
    };
    source.once('error', fail);
    meter.once('error', fail);
    let ended = false;
    source.once('end', () => (ended = true));
    // A stage before `source` failing may close it without an error of its own.
    source.once('close', () => ended || fail(options.upstreamError?.() ?? new Error('the download stopped before its end')));
    unpack.on('error', fail); // stays attached: late errors after stopping are expected and ignored
    unpack.once('finish', () => {
      finished = true;
      if (stopping || refusal || failure) {
        if (stopping) settle();
        else stop();
      } else settle();
    });
    source.pipe(meter).pipe(unpack as unknown as NodeJS.WritableStream);
  });
  const escaping = await firstEscapingLink(dest, guard.symlinks);
  if (escaping) throw new RefusedArchive(what, `symlink '${escaping}' resolves outside the revision folder through other links`);
}

/** 'gzip' or 'zstd' when `head` starts with its magic number (the ones node-tar detects), else null. */
function compressedKind(head: Buffer): string | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return 'zstd';
  return null;
}
