import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { setMaxListeners } from 'node:events';
import { createReadStream } from 'node:fs';
import { pipeline, Transform, type Readable } from 'node:stream';
import pLimit from 'p-limit';
import { isClockSkew, isTransient, isUnreachable } from '../shared/aws-errors';
import type { Clock } from '../shared/clock';
import { withBackoff } from '../shared/retry-policy';
import type { BucketContext } from './bucket';

export interface FileUpload {
  path: string;
  /** The file's size, taken before (the upload sends exactly this many bytes). */
  size: number;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  /** Bytes per part (raised to S3's 5 MiB minimum, and so that 10,000 parts hold the file). */
  partSize: number;
  /** Parts in flight at once. */
  queueSize: number;
  signal?: AbortSignal;
  /** Bytes read and sent so far (a part's count goes back down when it is sent again). */
  onBytes?(bytes: number): void;
  /** Attempts per part (default 3). */
  attempts?: number;
  /** The waits between attempts run on it. */
  clock: Clock;
  /** Every part is sent; S3 now joins them into the object (not called for a single PutObject). */
  onFinishing?(): void;
}

const MIN_PART = 5 << 20;
const MAX_PARTS = 10_000;

/**
 * Uploads a file as one object: each part streamed from its own byte range of the file, so
 * memory stays small and flat (a read buffer per part in flight, nothing held for retries) and
 * no byte is copied into a part buffer first. The SDK does not retry a streamed body, so a part
 * that fails in a retryable way is sent again from a fresh stream. A file of one part is a single
 * PutObject; on any failure or cancel a multipart upload is aborted, so nothing is left behind.
 */
export async function uploadFile(ctx: BucketContext, input: FileUpload): Promise<void> {
  // Stops the parts in flight on the first failure too, so the abort of the upload comes last.
  const stop = new AbortController();
  // Every send in flight listens on this one signal (the SDK's request, or its wait before a
  // retry), so Node's default of 10 would warn of a leak with 11 parts in flight: allow what the
  // queue needs (two a part, and the create or complete call).
  const inFlight = Number.isSafeInteger(input.queueSize) && input.queueSize > 0 ? input.queueSize : 1;
  setMaxListeners(Math.max(10, 2 * inFlight + 2), stop.signal);
  const cancel = () => stop.abort(input.signal?.reason);
  if (input.signal?.aborted) cancel();
  input.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await send(ctx, input, stop);
  } finally {
    input.signal?.removeEventListener('abort', cancel);
  }
}

async function send(ctx: BucketContext, input: FileUpload, stop: AbortController): Promise<void> {
  const partSize = Math.max(input.partSize, MIN_PART, Math.ceil(input.size / (MAX_PARTS - 1)));
  const attempts = input.attempts ?? 3;
  const options = { abortSignal: stop.signal };
  const sent = new Map<number, number>();
  let total = 0;
  const count = (part: number, bytes: number) => {
    total += bytes - (sent.get(part) ?? 0);
    sent.set(part, bytes);
    input.onBytes?.(total);
  };
  // The part's bytes, counted as the SDK pulls them (a 'data' listener would start the flow early).
  const body = (part: number, start: number, length: number): Readable => {
    count(part, 0);
    let read = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        count(part, (read += chunk.length));
        done(null, chunk);
      },
    });
    // pipeline: when the SDK gives up on the body (abort, error), the file is closed too.
    return pipeline(createReadStream(input.path, { start, end: start + length - 1, highWaterMark: 256 << 10 }), counter, () => undefined);
  };

  if (input.size <= partSize) {
    const put = () =>
      new PutObjectCommand({
        Bucket: ctx.bucket,
        Key: input.key,
        Body: body(1, 0, input.size),
        ContentLength: input.size,
        ContentType: input.contentType,
        Metadata: input.metadata,
      });
    await withRetries(input.clock, attempts, stop.signal, () => ctx.s3.send(put(), options));
    return;
  }

  const { UploadId } = await ctx.s3.send(
    new CreateMultipartUploadCommand({ Bucket: ctx.bucket, Key: input.key, ContentType: input.contentType, Metadata: input.metadata }),
    options,
  );
  try {
    const limit = pLimit(input.queueSize);
    const part = async (i: number): Promise<CompletedPart> => {
      stop.signal.throwIfAborted();
      const start = i * partSize;
      const length = Math.min(partSize, input.size - start);
      const upload = () =>
        new UploadPartCommand({ Bucket: ctx.bucket, Key: input.key, UploadId, PartNumber: i + 1, Body: body(i + 1, start, length), ContentLength: length });
      try {
        const out = await withRetries(input.clock, attempts, stop.signal, () => ctx.s3.send(upload(), options));
        return { PartNumber: i + 1, ETag: out.ETag };
      } catch (error) {
        if (!stop.signal.aborted) stop.abort(error);
        throw error;
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.ceil(input.size / partSize) }, (_, i) => limit(() => part(i))));
    if (stop.signal.aborted) throw stop.signal.reason;
    const parts = results.map((r) => (r as PromiseFulfilledResult<CompletedPart>).value);
    input.onFinishing?.();
    await ctx.s3.send(new CompleteMultipartUploadCommand({ Bucket: ctx.bucket, Key: input.key, UploadId, MultipartUpload: { Parts: parts } }), options);
  } catch (error) {
    await ctx.s3.send(new AbortMultipartUploadCommand({ Bucket: ctx.bucket, Key: input.key, UploadId })).catch((abortError: unknown) =>
      // The upload's failure is what the caller hears; a stuck upload is only worth a warning.
      ctx.logger.warn(
        `revisions: could not abort the multipart upload of ${input.key}; S3 keeps (and bills) its parts until it is aborted ` +
          `(aws s3api abort-multipart-upload --bucket ${ctx.bucket} --key ${input.key} --upload-id ${UploadId}) or a lifecycle rule removes it`,
        { uploadId: UploadId, error: String(abortError) },
      ),
    );
    throw error;
  }
}

/**
 * Whether sending again may help: the network, a timeout (S3's RequestTimeout too, though it
 * answers 400), throttling or a server error. A skewed clock (RequestTimeTooSkewed) stays skewed.
 */
export function isRetryable(error: unknown): boolean {
  if (isClockSkew(error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return isTransient(error) || isUnreachable(error) || status === 408;
}

/** Runs `send` again after a retryable failure: 200 ms, then 400 ms, ... (no jitter), unless stopped. */
function withRetries<T>(clock: Clock, attempts: number, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
  return withBackoff(send, { clock, retries: attempts - 1, baseMs: 200, random: () => 1, retryable: (error) => !signal.aborted && isRetryable(error) });
}
