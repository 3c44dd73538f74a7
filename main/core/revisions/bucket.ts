import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type ListObjectsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { FlotillaError } from '../../contract/errors';
import type { Logger } from '../ports';

/** The bucket side of every operation: an injected client, the bucket, a logger. */
export interface BucketContext {
  s3: S3Client;
  bucket: string;
  logger: Logger;
  /** Listing page size (S3 caps it at 1000); smaller only in tests. */
  pageSize?: number;
}

interface S3ErrorLike {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  message?: string;
}

export function isNotFound(error: unknown): boolean {
  const e = error as S3ErrorLike;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** An S3 failure as a FlotillaError that says what was being done and what to check. */
export function bucketError(ctx: BucketContext, action: string, error: unknown): FlotillaError {
  if (error instanceof FlotillaError) return error;
  const e = error as S3ErrorLike;
  const name = e?.name ?? e?.Code ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  let hint = 'Check the network, the endpoint (AWS_ENDPOINT_URL) and the credentials (AWS_*), then try again.';
  if (name === 'NoSuchBucket') hint = `The bucket '${ctx.bucket}' does not exist: check FTL_BUCKET and AWS_REGION.`;
  else if (name === 'AccessDenied' || status === 403) hint = `The credentials in use may not access '${ctx.bucket}': check AWS_PROFILE / AWS_ACCESS_KEY_ID and the bucket policy.`;
  else if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') hint = 'The AWS credentials are wrong: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  else if (name === 'CredentialsProviderError') hint = 'No AWS credentials were found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or run on an instance with a role.';
  const detail = e?.message && e.message !== name ? `${name}: ${e.message}` : name;
  return new FlotillaError('unavailable', `Could not ${action} in bucket '${ctx.bucket}' (${detail}). ${hint}`, {
    bucket: ctx.bucket,
    s3Error: name,
    status,
  });
}

/**
 * What is read of a small object (a pointer, a status report): anyone who can write the bucket
 * can make one of gigabytes, and it must not be read into memory whole.
 */
export const SMALL_OBJECT_BYTES = 64 * 1024;

/** The object's text (its first SMALL_OBJECT_BYTES at most), or null when it does not exist. */
export async function getText(ctx: BucketContext, key: string): Promise<string | null> {
  return (await getTextAndTime(ctx, key))?.text ?? null;
}

/**
 * The object's text and when it was last written (from the same GET), or null when it does not
 * exist. No more than `maxBytes` are read: a bigger object is answered cut there, with `tooBig`.
 */
export async function getTextAndTime(
  ctx: BucketContext,
  key: string,
  maxBytes = SMALL_OBJECT_BYTES,
): Promise<{ text: string; lastModified: Date | null; tooBig: boolean } | null> {
  try {
    const out = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
    return { ...(await readCapped(out.Body, out.ContentLength, maxBytes)), lastModified: out.LastModified ?? null };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw bucketError(ctx, `read ${key}`, error);
  }
}

async function readCapped(body: unknown, length: number | undefined, maxBytes: number): Promise<{ text: string; tooBig: boolean }> {
  const stream = body as (AsyncIterable<Uint8Array> & { destroy?(): void }) | undefined;
  if (!stream) return { text: '', tooBig: false };
  if (typeof stream[Symbol.asyncIterator] !== 'function') {
    // Not a Node stream (a browser body): only its announced length can be checked.
    if (length !== undefined && length > maxBytes) return { text: '?', tooBig: true };
    return { text: await (body as { transformToString(encoding: string): Promise<string> }).transformToString('utf8'), tooBig: false };
  }
  if (length !== undefined && length > maxBytes) {
    stream.destroy?.();
    return { text: '?', tooBig: true };
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    parts.push(Buffer.from(chunk));
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy?.();
      return { text: Buffer.concat(parts).subarray(0, maxBytes).toString('utf8'), tooBig: true };
    }
  }
  return { text: Buffer.concat(parts).toString('utf8'), tooBig: false };
}

export async function putText(ctx: BucketContext, key: string, text: string, contentType = 'text/plain'): Promise<void> {
  try {
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: text, ContentType: contentType }));
  } catch (error) {
    throw bucketError(ctx, `write ${key}`, error);
  }
}

export async function deleteKey(ctx: BucketContext, key: string): Promise<void> {
  try {
    await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.bucket, Key: key }));
  } catch (error) {
    throw bucketError(ctx, `delete ${key}`, error);
  }
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date | null;
}

/**
 * Every page of a listing, following markers past S3's 1000 keys per page. This is ListObjects
 * (v1, with markers), as FTL used: every S3-compatible server has it, whereas some (s3rver on
 * OpenSSL 3) cannot make ListObjectsV2 continuation tokens.
 */
export async function* listPages(
  ctx: BucketContext,
  params: { prefix?: string; delimiter?: string },
): AsyncGenerator<{ objects: ListedObject[]; prefixes: string[] }> {
  let marker: string | undefined;
  for (;;) {
    let page: ListObjectsCommandOutput;
    try {
      page = await ctx.s3.send(
        new ListObjectsCommand({
          Bucket: ctx.bucket,
          Prefix: params.prefix,
          Delimiter: params.delimiter,
          Marker: marker,
          MaxKeys: ctx.pageSize,
        }),
      );
    } catch (error) {
      throw bucketError(ctx, `list ${params.prefix ? `'${params.prefix}*'` : 'the packages'}`, error);
    }
    const objects = (page.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0, lastModified: o.LastModified ?? null }));
    const prefixes = (page.CommonPrefixes ?? []).map((p) => p.Prefix ?? '');
    yield { objects, prefixes };
    if (!page.IsTruncated) return;
    const next = page.NextMarker ?? [objects.at(-1)?.key ?? '', prefixes.at(-1) ?? ''].sort().at(-1);
    if (!next || next === marker) return;
    marker = next;
  }
}
