import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FlotillaError } from '../../contract/errors';
import type { BucketContext } from './bucket';
import { FileTailDigest } from './digest-workers';
import { DigestTap, PARALLEL_FROM_BYTES, type Digests } from './digests';
import { formatBytes } from '../../contract/format-bytes';
import type { RevisionBudget, RevisionLimits } from './limits';
import { RefusedArchive } from './safe-extract';

/** A plain revision's object is fetched in ranges this big (the first one says the object's size) ... */
export const RANGE_BYTES = 16 << 20;
/**
 * ... this many at once, each written at its place in the file as it arrives. Four connections
 * to S3 carry more than the hashing keeps up with on a small server; more only add memory (and,
 * against a local s3rver, CPU). `aws s3 cp` uses 10.
 */
export const RANGES_IN_FLIGHT = 4;

export interface PlainFetch {
  key: string;
  /** `<package>.<rev>`, for messages. */
  name: string;
  /** The file to create (it must not exist). */
  file: string;
  budget: RevisionBudget;
  limits: RevisionLimits;
  signal?: AbortSignal;
  onBytes?(bytes: number, totalBytes: number): void;
  /** Range size and ranges in flight (tests make them small). */
  rangeBytes?: number;
  rangesInFlight?: number;
}

export interface PlainFetched {
  digests: Digests;
  /** The object's size as the bucket announced it (0: not announced). */
  total: number;
  /** The object's sha256 metadata, if any. */
  sha256: string | undefined;
}

/** `bytes <first>-<last>/<size>` of a 206 answer. */
function contentRange(value: string | undefined): { first: number; last: number; size: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value ?? '');
  return match ? { first: Number(match[1]), last: Number(match[2]), size: Number(match[3]) } : null;
}

/**
 * Fetches a plain (not tar) revision into `file`: its first range tells the object's size,
 * ETag and metadata, and the other ranges (asked If-Match that ETag) come in parallel, each
 * written at its place as it arrives. A worker reads the file back from the page cache from its
 * start as far as it is complete and hashes SHA-256 while a second one hashes MD5 from the same
 * read (FileTailDigest), so the bytes are neither buffered nor posted for hashing, and the hashing
 * ends soon after the last range is written. A bucket that ignores the range (or an empty object) is read in one stream.
 * The size budget and the free-space reserve are checked as the bytes arrive.
 */
export async function fetchPlainFile(ctx: BucketContext, fetch: PlainFetch): Promise<PlainFetched> {
  const rangeBytes = fetch.rangeBytes ?? RANGE_BYTES;
  const stop = new AbortController();
  const cancel = () => stop.abort(fetch.signal?.reason);
  if (fetch.signal?.aborted) cancel();
  fetch.signal?.addEventListener('abort', cancel, { once: true });
  const get = (range?: string, etag?: string) =>
    ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: fetch.key, ...(range ? { Range: range } : {}), ...(etag ? { IfMatch: etag } : {}) }), {
      abortSignal: stop.signal,
    });
  const bodies = new Set<Readable>();
  // A cancel or the first failure ends every body being read, so no range keeps on.
  stop.signal.addEventListener('abort', () => bodies.forEach((body) => body.destroy(stop.signal.reason)), { once: true });
  let handle: FileHandle | null = null;
  let tail: FileTailDigest | null = null;
  try {
    let first: GetObjectCommandOutput;
    try {
      first = await get(`bytes=0-${rangeBytes - 1}`);
    } catch (error) {
      // An empty object has no byte 0: S3 answers 416 InvalidRange; ask for all of it.
      if ((error as { name?: string; $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode !== 416) throw error;
      first = await get();
    }
    const firstBody = bodyOf(first, fetch.key);
    bodies.add(firstBody);
    const range = contentRange(first.ContentRange);
    const total = range ? range.size : (first.ContentLength ?? 0);
    if (range && total > 0 && (range.first !== 0 || range.last !== Math.min(rangeBytes, total) - 1)) {
      throw refuse(fetch, `the bucket answered bytes ${range.first}-${range.last} of ${total} when asked for the first ${rangeBytes}`);
    }
    // Refused before a byte is written: as big as the object says it is.
    const early = total > fetch.limits.maxRevisionBytes ? fetch.budget.tooBig(`it is a file of ${formatBytes(total)}`) : await fetch.budget.space(total);
    if (early) throw new RefusedArchive(fetch.name, early.reason, early.advice);

    // (An empty object answered with a range, as s3rver does, has no range to fetch.)
    const starts = range ? Array.from({ length: Math.ceil(total / rangeBytes) }, (_, i) => i * rangeBytes) : [0];
    handle = await open(fetch.file, 'wx');
    // A small file in one stream is hashed here as it arrives; else by two workers from one read
    // of the file in order, as far as it is complete (ranges arrive in any order).
    const tap = starts.length <= 1 && total < PARALLEL_FROM_BYTES ? new DigestTap() : null;
    tail = tap ? null : new FileTailDigest(fetch.file);
    const done = starts.map(() => 0);
    let complete = 0; // ranges written in full, from the first
    let received = 0;
    const wrote = (index: number, bytes: number) => {
      done[index] = bytes;
      const length = (i: number) => Math.min(rangeBytes, total - starts[i]!);
      while (complete < starts.length && range && done[complete] === length(complete)) complete++;
      tail?.written(complete < starts.length ? starts[complete]! + done[complete]! : total);
    };
    const pump = async (index: number, body: Readable) => {
      const start = starts[index]!;
      const end = range ? Math.min(start + rangeBytes, total) : Infinity;
      let at = start; // the bytes before are written, or being written
      let batch: Buffer[] = [];
      let batched = 0;
      let writing: Promise<void> = Promise.resolve();
      // One write in flight while the next batch gathers: fewer, bigger writes than one per chunk.
      const flush = async () => {
        await writing;
        const [buffers, position, length] = [batch, at, batched];
        batch = [];
        batched = 0;
        at += length;
        writing = writeAll(handle!, buffers, position).then(() => wrote(index, position + length - start));
        writing.catch(() => undefined); // awaited below, unless the range fails first
      };
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (at + batched + chunk.length > end) throw refuse(fetch, `more than the ${end - start} bytes asked for arrived in bytes ${start}-${end - 1}`);
        received += chunk.length;
        if (received > fetch.limits.maxRevisionBytes) {
          // More bytes than the object said it had: still no more than the limit is written.
          const r = fetch.budget.tooBig(`more than ${formatBytes(total)} arrived (as the bucket announced)`);
          throw new RefusedArchive(fetch.name, r.reason, r.advice);
        }
        // The reserve is kept for the bytes that really arrive too, not only for the announced length.
        const full = await fetch.budget.space(chunk.length);
        if (full) throw new RefusedArchive(fetch.name, full.reason, full.advice);
        tap?.update(chunk);
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= WRITE_BYTES) await flush();
        fetch.onBytes?.(received, total);
      }
      await flush();
      await writing;
      // A range that ends early is the connection's doing (as a cut mid-stream): worth another sync.
      if (range && at !== end) throw Object.assign(new Error(`only ${at - start} of the ${end - start} bytes of bytes ${start}-${end - 1} arrived`), { name: 'IncompleteBody' });
    };
    const rest = async (index: number) => {
      const start = starts[index]!;
      const last = Math.min(start + rangeBytes, total) - 1;
      const answer = await get(`bytes=${start}-${last}`, first.ETag);
      const body = bodyOf(answer, fetch.key);
      bodies.add(body);
      const got = contentRange(answer.ContentRange);
      if (!got || got.first !== start || got.last !== last || got.size !== total) {
        throw refuse(fetch, `the bucket answered '${answer.ContentRange ?? 'the whole object'}' when asked for bytes ${start}-${last} of ${total}`);
      }
      await pump(index, body);
    };
    let next = 1;
    const lane = async () => {
      while (next < starts.length) await rest(next++);
    };
    // The first range's lane goes on with the others once it is written.
    const inFlight = Math.max(1, fetch.rangesInFlight ?? RANGES_IN_FLIGHT);
    const lanes = starts.length === 0 ? [] : [pump(0, firstBody).then(lane), ...Array.from({ length: Math.min(inFlight - 1, starts.length - 1) }, lane)];
    // The first failure stops the others (their requests and bodies), then is what is thrown.
    const failure = await Promise.all(lanes.map((l) => l.catch((error: unknown) => (stop.abort(error), error)))).then((outcomes) =>
      outcomes.find((o) => o !== undefined),
    );
    if (failure !== undefined) throw stop.signal.reason ?? failure;
    await handle.close();
    handle = null;
    const digests = tap ? tap.digest() : await tail!.digest(received);
    tail = null;
    return { digests, total, sha256: first.Metadata?.sha256 };
  } finally {
    fetch.signal?.removeEventListener('abort', cancel);
    for (const body of bodies) body.destroy();
    tail?.destroy();
    await handle?.close();
  }
}

/** Bytes gathered for one write. */
const WRITE_BYTES = 1 << 20;

/** Writes every byte of `buffers` at `position` (a write may take fewer than asked). */
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let left = buffers;
  while (left.length > 0) {
    const { bytesWritten } = await handle.writev(left, position);
    position += bytesWritten;
    let skip = bytesWritten;
    while (left.length > 0 && skip >= left[0]!.length) skip -= left.shift()!.length;
    if (skip > 0) left = [left[0]!.subarray(skip), ...left.slice(1)];
  }
}

function bodyOf(answer: GetObjectCommandOutput, key: string): Readable {
  if (!(answer.Body instanceof Readable)) throw new FlotillaError('unavailable', `The bucket answered ${key} without a body; try the sync again.`);
  return answer.Body;
}

function refuse(fetch: PlainFetch, what: string): RefusedArchive {
  return new RefusedArchive(fetch.name, `${what}, so its bytes cannot be trusted`, 'try the sync again; if it happens again, check the bucket or the endpoint (a proxy in between?)');
}
