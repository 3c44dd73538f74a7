import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { SpoolProgress, SpoolResult } from '../../contract/dto/revisions';
import { FlotillaError } from '../../contract/errors';
import { bucketError, deleteKey, type BucketContext } from './bucket';
import { digestFile, type Digests } from './digests';
import { packFolder } from './pack-folder';
import { ProgressMeter } from './progress';
import { revisionId, revisionKey, splitFileName } from './rev-name';

export interface SpoolSettings {
  /** Multipart part size in bytes (S3's minimum is 5 MiB). */
  partSize: number;
  /** Parts uploaded at once; memory is about partSize × (queueSize + 2). */
  queueSize: number;
  now(): Date;
}

export interface SpoolInput {
  path: string;
  signal?: AbortSignal;
  onProgress?(progress: SpoolProgress): void;
}

/**
 * Uploads a file, or a folder packed as `<folder>.tar.gz`, as a new revision and answers its name.
 * A file is read twice: once for MD5 (which names the revision) and SHA-256 (stored in the
 * object's metadata), then streamed as a multipart upload. A folder is first packed into a
 * temporary file (removed afterwards), hashed as it is written, so it needs that much free space
 * in the temp folder but never more memory, and is read once, to upload it.
 */
export async function spool(ctx: BucketContext, settings: SpoolSettings, input: SpoolInput): Promise<SpoolResult> {
  const path = resolve(input.path);
  const info = await stat(path).catch(() => {
    throw new FlotillaError('not-found', `There is no file or folder at ${path}. Pass the release file or folder to spool.`, { path });
  });
  if (info.isDirectory()) return spoolFolder(ctx, settings, path, input);
  if (!info.isFile()) {
    throw new FlotillaError('invalid-input', `${path} is neither a regular file nor a folder, so it cannot be spooled.`, { path });
  }
  return spoolFile(ctx, settings, path, basename(path), input);
}

async function spoolFolder(ctx: BucketContext, settings: SpoolSettings, dir: string, input: SpoolInput): Promise<SpoolResult> {
  const fileName = `${basename(dir)}.tar.gz`;
  splitFileName(fileName);
  const scratch = await mkdtemp(join(tmpdir(), 'flotilla-spool-'));
  try {
    const archive = join(scratch, fileName);
    const meter = input.onProgress ? new ProgressMeter('packing', null, input.onProgress) : null;
    const digests = await packFolder(dir, archive, { signal: input.signal, onBytes: (bytes) => meter?.update(bytes) }).catch((error: unknown) => {
      throw input.signal?.aborted ? cancelled(dir) : error;
    });
    meter?.finish();
    return await spoolFile(ctx, settings, archive, fileName, input, digests);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `known`: the digests of a file this process just wrote (a packed folder), so it is not read again to take them. */
async function spoolFile(
  ctx: BucketContext,
  settings: SpoolSettings,
  path: string,
  fileName: string,
  input: SpoolInput,
  known?: Digests,
): Promise<SpoolResult> {
  const parts = splitFileName(fileName);
  const before = await stat(path);
  const hashing = input.onProgress ? new ProgressMeter('hashing', before.size, input.onProgress) : null;
  const digests =
    known && known.size === before.size
      ? known
      : await digestFile(path, { signal: input.signal, onBytes: (bytes) => hashing?.update(bytes) }).catch((error: unknown) => {
          throw input.signal?.aborted ? cancelled(path) : error;
        });
  if (digests === known) hashing?.update(known.size);
  hashing?.finish();
  const rev = revisionId(digests.md5, settings.now());
  const key = revisionKey(parts, rev);
  const name = `${parts.package}.${rev}`;

  skipPartPayloadSigning(ctx);
  const uploading = input.onProgress ? new ProgressMeter('uploading', digests.size, input.onProgress) : null;
  const upload = new Upload({
    client: ctx.s3,
    params: {
      Bucket: ctx.bucket,
      Key: key,
      Body: createReadStream(path, { highWaterMark: 1 << 20 }),
      ContentLength: digests.size,
      ContentType: 'application/octet-stream',
      Metadata: { sha256: digests.sha256 },
    },
    // S3 allows 10,000 parts: very big files get bigger parts.
    partSize: Math.max(settings.partSize, 5 << 20, Math.ceil(digests.size / 9_999)),
    queueSize: settings.queueSize,
    leavePartsOnError: false,
  });
  upload.on('httpUploadProgress', (p) => uploading?.update(p.loaded ?? 0));
  const onAbort = () => void upload.abort().catch(() => undefined);
  input.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    input.signal?.throwIfAborted();
    await upload.done();
  } catch (error) {
    if (input.signal?.aborted) throw cancelled(path);
    throw bucketError(ctx, `upload ${key}`, error);
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
  }
  uploading?.finish();

  const after = await stat(path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    await deleteKey(ctx, key).catch(() => undefined);
    throw new FlotillaError('invalid-input', `${path} changed while it was being spooled, so the upload was removed. Spool it again once it is complete.`, {
      path,
    });
  }
  ctx.logger.info(`revisions: spooled ${key}`, { size: digests.size, sha256: digests.sha256 });
  return { name, package: parts.package, rev, key, size: digests.size, sha256: digests.sha256 };
}

const UNSIGNED_PARTS = 'flotillaUnsignedUploadParts';

/**
 * Marks UploadPart requests UNSIGNED-PAYLOAD, as the AWS CLI does. Over plain http the SDK would
 * otherwise SHA-256 every part just to sign it: a second hash of the whole file on the main
 * thread, and redundant, since the file's SHA-256 (in the signed metadata) is checked on every
 * download. Added once per client; only UploadPart is affected.
 */
function skipPartPayloadSigning(ctx: BucketContext): void {
  const stack = ctx.s3.middlewareStack;
  if (stack.identify().some((entry) => entry.startsWith(UNSIGNED_PARTS))) return;
  stack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (context.commandName === 'UploadPartCommand' && request.headers) request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: UNSIGNED_PARTS },
  );
}

function cancelled(path: string): FlotillaError {
  return new FlotillaError('unavailable', `The spool of ${path} was cancelled; nothing was stored.`, { path, cancelled: true });
}
