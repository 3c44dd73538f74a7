import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline as pipelineCb, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FlotillaError } from '../../contract/errors';
import { bucketError, type BucketContext } from './bucket';
import { streamDigest, type Digests } from './digests';
import { fetchPlainFile } from './download-plain';
import type { PackagePaths } from './local-layout';
import { hashPrefix, parseRevisionKey, printable, refusedKeyReason, revHashSuffix } from './rev-name';
import { DEFAULT_LIMITS, diskFull, isDiskFull, RevisionBudget, type RevisionLimits } from './limits';
import { extractTar, isTarball, RefusedArchive } from './safe-extract';

export interface DownloadJob {
  pkg: string;
  rev: string;
  key: string;
  paths: PackagePaths;
  signal?: AbortSignal;
  onBytes?(bytes: number, totalBytes: number): void;
  limits?: RevisionLimits;
  /** A plain file's range size and ranges in flight (default RANGE_BYTES, RANGES_IN_FLIGHT; tests make them small). */
  ranges?: { rangeBytes?: number; rangesInFlight?: number };
}

/** FTL's current rev form; only these are known to end with the MD5 characters. */
const MODERN_REV = /^\d{13}[0-9A-Za-z_]{2}$/;

/**
 * Downloads one revision into `<P>/.tmp/<rev>-*`, extracting a tarball while it streams (any
 * other file is stored as `<P>.<rest>`, fetched in parallel ranges: download-plain.ts), checks its size, its SHA-256 against the object's
 * metadata and its MD5 against the rev's last 2 characters, and only then renames it to
 * `<P>/revs/<rev>`. Anything short of that leaves no `revs/<rev>`. `unchecked`: see verify.
 */
export async function downloadRevision(ctx: BucketContext, job: DownloadJob): Promise<{ digests: Digests; unchecked: string | null }> {
  const name = `${job.pkg}.${job.rev}`;
  await mkdir(job.paths.tmp, { recursive: true });
  await mkdir(job.paths.revs, { recursive: true });
  const work = await mkdtemp(join(job.paths.tmp, `${job.rev}-`));
  try {
    const contents = join(work, job.rev);
    await mkdir(contents);
    const limits = job.limits ?? DEFAULT_LIMITS;
    let fetched: { digests: Digests; total: number; sha256: string | undefined };
    let bytes = 0;
    let total = 0;
    try {
      if (isTarball(job.key)) {
        fetched = await fetchTarball(ctx, job, contents, name, limits, (n, t) => ((bytes = n), (total = t)));
      } else {
        // The key was checked when listed; checked again here, since it names a file: the file
        // must be a direct child of the revision's temporary folder, whatever the key says.
        const rest = parseRevisionKey(job.pkg, job.key)?.rest;
        const file = rest ? join(contents, `${job.pkg}.${rest}`) : null;
        if (!file || dirname(file) !== contents) throw new FlotillaError('invalid-input', refusedKeyReason(job.pkg, job.key) ?? `Refused the bucket key '${printable(job.key)}': it is not a revision of ${job.pkg}.`);
        const budget = new RevisionBudget(limits, contents, job.paths.dir);
        fetched = await fetchPlainFile(ctx, { key: job.key, name, file, budget, limits, signal: job.signal, onBytes: (n, t) => ((bytes = n), (total = t), job.onBytes?.(n, t)), ...job.ranges });
      }
    } catch (error) {
      if (job.signal?.aborted) throw new FlotillaError('unavailable', `The download of ${name} was cancelled.`, { revision: name });
      if (error instanceof FlotillaError) throw error;
      if (isDiskFull(error)) {
        const full = diskFull(job.paths.dir, error, 'while writing it');
        throw new RefusedArchive(name, full.reason, full.advice);
      }
      const zlib = (error as { code?: string })?.code;
      if (typeof zlib === 'string' && zlib.startsWith('Z_')) {
        throw new RefusedArchive(
          name,
          `its gzip data is corrupt (${(error as Error).message}, ${zlib}) after ${bytes} of ${total} bytes: the object in the bucket is damaged or is not gzip-compressed`,
          'check it (aws s3 cp the object, then gzip -t) and spool the release again',
        );
      }
      throw bucketError(ctx, `download ${job.key}`, error);
    }
    const unchecked = verify(name, job, fetched.digests, fetched.total, fetched.sha256);
    await rename(contents, job.paths.rev(job.rev));
    return { digests: fetched.digests, unchecked };
  } finally {
    // A failed extraction may still have a write under way: the retries outlast it.
    await rm(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

/** A tarball, extracted while it streams (and inflated, for .tgz/.tar.gz), hashed on the way. */
async function fetchTarball(
  ctx: BucketContext,
  job: DownloadJob,
  contents: string,
  name: string,
  limits: RevisionLimits,
  progress: (bytes: number, total: number) => void,
): Promise<{ digests: Digests; total: number; sha256: string | undefined }> {
  const object = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: job.key }), { abortSignal: job.signal });
  const total = object.ContentLength ?? 0;
  const body = object.Body as Readable | undefined;
  if (!(body instanceof Readable)) throw new FlotillaError('unavailable', `The bucket answered ${job.key} without a body; try the sync again.`);
  const hashing = streamDigest(total);
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      progress(bytes, total);
      job.onBytes?.(bytes, total);
      const wait = hashing.update(chunk);
      if (wait) void wait.then(() => done(null, chunk));
      else done(null, chunk);
    },
  });
  const onAbort = () => body.destroy(new Error('aborted'));
  job.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Inflating on Node's zlib stream runs in the thread pool, off the main thread; big
    // chunks mean fewer writes. Any stage's failure destroys the last one with the error.
    const gunzip = /\.(tgz|gz)$/i.test(job.key) ? createGunzip({ chunkSize: 1 << 20 }) : null;
    let upstream: unknown;
    const settled = (error?: unknown) => void (upstream ??= error);
    const source: Readable = gunzip ? pipelineCb(body, meter, gunzip, settled) : pipelineCb(body, meter, settled);
    await extractTar(source, contents, name, { upstreamError: () => upstream, limits, shownDir: job.paths.dir });
  } catch (error) {
    hashing.destroy();
    throw error;
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
  }
  return { digests: await hashing.digest(), total, sha256: object.Metadata?.sha256 };
}

/**
 * Throws when the bytes are not the ones spooled. For a revision without sha256 metadata (spooled
 * by FTL), answers what was and was not checked, for the caller to say once; else null.
 */
function verify(name: string, job: DownloadJob, digests: Digests, total: number, sha256: string | undefined): string | null {
  const refuse = (what: string) =>
    new FlotillaError(
      'invalid-input',
      `Refused ${name}: ${what}, so its bytes are not the ones spooled (changed or damaged in the bucket). ` +
        `Nothing of it was kept; spool the release again, or purge this revision.`,
      { revision: name, key: job.key },
    );
  if (total && digests.size !== total) throw refuse(`${digests.size} bytes arrived of ${total}`);
  if (sha256 && sha256.toLowerCase() !== digests.sha256) throw refuse(`its SHA-256 is ${digests.sha256} but the object's metadata says ${sha256}`);
  const md5Checked = MODERN_REV.test(job.rev);
  if (md5Checked && hashPrefix(digests.md5) !== revHashSuffix(job.rev)) {
    throw refuse(`its MD5 starts with '${hashPrefix(digests.md5)}' but the revision name ends with '${revHashSuffix(job.rev)}'`);
  }
  if (!sha256) {
    // Said in full, since the operator decides whether that is enough.
    const checked = [
      total ? `its size (${digests.size} bytes, as the bucket announced)` : null,
      md5Checked ? `its MD5 starts with '${revHashSuffix(job.rev)}' as the revision name says (FTL's check: 12 bits, so 1 damaged or changed file in 4096 passes it)` : null,
    ].filter(Boolean);
    const notChecked = ['SHA-256 (the object has no sha256 metadata)', md5Checked ? null : `MD5 (the rev '${job.rev}' is in an older FTL form that carries no MD5 characters)`].filter(Boolean);
    return (
      `revisions: ${name} has no sha256 metadata (spooled by FTL or another tool, key ${job.key}). ` +
      `checked: ${checked.length ? checked.join('; ') : 'nothing'}. not checked: ${notChecked.join('; ')}. ` +
      `Spool the release again with flotilla-agent to have its SHA-256 checked on every server.`
    );
  }
  return null;
}
