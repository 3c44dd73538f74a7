import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpoolProgress, SpoolResult } from '../../contract/dto/revisions';
import { FlotillaError } from '../../contract/errors';
import { bucketError, deleteKey, type BucketContext } from './bucket';
import { digestFile, type Digests } from './digests';
import { packFolder } from './pack-folder';
import { ProgressMeter } from './progress';
import { revisionId, revisionKey, splitFileName } from './rev-name';
import { checkSpoolable, type Spoolable } from './spoolable';
import type { Clock } from '../shared/clock';
import { uploadFile } from './upload-file';

export interface SpoolSettings {
  /** Multipart part size in bytes (S3's minimum is 5 MiB). */
  partSize: number;
  /** Parts uploaded at once; each streams from its own range of the file (about 1 MiB of buffer each). */
  queueSize: number;
  /** Names the revision (its time) and paces the upload's retries. */
  clock: Clock;
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
 * in the temp folder but never more memory, and is read once, to upload it. Each part of the
 * upload streams from its own byte range of the file (upload-file.ts): nothing is buffered per part.
 */
export async function spool(ctx: BucketContext, settings: SpoolSettings, input: SpoolInput): Promise<SpoolResult> {
  const target = await checkSpoolable(input.path);
  if (target.folder) return spoolFolder(ctx, settings, target, input);
  return spoolFile(ctx, settings, target.path, target.fileName, input);
}

async function spoolFolder(ctx: BucketContext, settings: SpoolSettings, { path: dir, fileName }: Spoolable, input: SpoolInput): Promise<SpoolResult> {
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
  let digests = known;
  if (digests?.size === before.size) {
    hashing?.update(digests.size);
  } else {
    digests = await digestFile(path, { signal: input.signal, onBytes: (bytes) => hashing?.update(bytes) }).catch((error: unknown) => {
      throw input.signal?.aborted ? cancelled(path) : error;
    });
  }
  hashing?.finish();
  const rev = revisionId(digests.md5, settings.clock.now());
  const key = revisionKey(parts, rev);
  const name = `${parts.package}.${rev}`;

  const uploading = input.onProgress ? new ProgressMeter('uploading', digests.size, input.onProgress) : null;
  let finishing = false;
  try {
    input.signal?.throwIfAborted();
    await uploadFile(ctx, {
      path,
      size: digests.size,
      key,
      contentType: 'application/octet-stream',
      metadata: { sha256: digests.sha256 },
      partSize: settings.partSize,
      queueSize: settings.queueSize,
      clock: settings.clock,
      signal: input.signal,
      onBytes: (bytes) => uploading?.update(bytes),
      onFinishing: () => {
        finishing = true;
        uploading?.finish();
        input.onProgress?.({ phase: 'finishing', bytes: digests.size, totalBytes: digests.size, rateBytesPerSec: 0, etaSeconds: null });
      },
    });
  } catch (error) {
    if (input.signal?.aborted) throw cancelled(path);
    throw bucketError(ctx, `upload ${key}`, error);
  }
  if (!finishing) uploading?.finish();

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

function cancelled(path: string): FlotillaError {
  return new FlotillaError('unavailable', `The spool of ${path} was cancelled; nothing was stored.`, { path, cancelled: true });
}
