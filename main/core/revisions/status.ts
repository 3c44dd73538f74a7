import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { HostStatus } from '../../contract/revisions/dto';
import { bucketError, deleteKey, isNotFound, putText, type BucketContext } from './bucket';

/**
 * Where a server reports what it runs: `flotilla-status/<package>/<encoded id>`, a key FTL never
 * sees. FTL takes every common prefix of a listing with delimiter '.' as a revision (prefix `P.`)
 * or a package (prefix ''), see rhettg/ftl ftl/remote.go:42-69; so a status key holds no '.' at
 * all (the id is encoded, and there is no `.json`), and does not start with `P.`. A package name
 * holds neither '.' nor '/', so `flotilla-status/<P>/` is P's alone.
 */
export const STATUS_ROOT = 'flotilla-status/';

export const statusPrefix = (pkg: string) => `${STATUS_ROOT}${pkg}/`;

export function statusKey(pkg: string, id: string): string {
  return statusPrefix(pkg) + encodeStatusId(id);
}

/** A-Z, a-z, 0-9 and '-' as they are; every other UTF-8 byte as `_XX` (hex): `ip-10-0-0-1_2Eec2_2Einternal`. */
export function encodeStatusId(id: string): string {
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9-]/.test(c) ? c : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The id encodeStatusId encoded, or null for a name it cannot have written. */
export function decodeStatusId(encoded: string): string | null {
  if (!/^(?:[A-Za-z0-9-]|_[0-9A-F]{2})+$/.test(encoded)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i += encoded[i] === '_' ? 3 : 1) {
    bytes.push(encoded[i] === '_' ? parseInt(encoded.slice(i + 1, i + 3), 16) : encoded.charCodeAt(i));
  }
  const id = Buffer.from(bytes).toString('utf8');
  return encodeStatusId(id) === encoded ? id : null;
}

/**
 * Where agents up to 0.1.x reported: `<package>.status/<id>.json`, which FTL lists as revision
 * `<package>.status/<id>` (and `ftl sync` then tries to fetch). Read, and moved, for one release
 * only: drop the legacy* functions in the release after the one that brings STATUS_ROOT.
 */
export const legacyStatusPrefix = (pkg: string) => `${pkg}.status/`;

export function legacyStatusKey(pkg: string, id: string): string {
  return `${legacyStatusPrefix(pkg)}${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
}

/** Writes the report, then removes what an earlier agent wrote for the same server in the old place. */
export async function writeStatus(ctx: BucketContext, id: string, status: HostStatus): Promise<void> {
  await putText(ctx, statusKey(status.package, id), JSON.stringify(status) + '\n', 'application/json');
  const legacy = legacyStatusKey(status.package, id);
  try {
    await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: legacy }));
  } catch (error) {
    if (isNotFound(error)) return;
    ctx.logger.info(`revisions: could not check for an old status report ${legacy}`, { error: String(error) });
    return;
  }
  await deleteKey(ctx, legacy).catch((error: unknown) =>
    ctx.logger.info(`revisions: could not remove the old status report ${legacy}, which FTL lists as a revision; the Servers view of Flotilla moves it`, {
      error: String(error),
    }),
  );
}

/**
 * Moves a report from the old place to statusKey(pkg, id): copied unless a report is there
 * already (If-None-Match: *; S3 answers 412 then), and the old one deleted. Answers the key the
 * report now has, or null when the new place already had one (the old report was only deleted).
 * Throws when the bucket refuses (the old report then stays where it is).
 */
export async function moveLegacyReport(ctx: BucketContext, pkg: string, id: string, legacyKey: string, text: string): Promise<string | null> {
  const key = statusKey(pkg, id);
  let moved = true;
  try {
    await ctx.s3.send(new PutObjectCommand({ Bucket: ctx.bucket, Key: key, Body: text, ContentType: 'application/json', IfNoneMatch: '*' }));
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e?.name !== 'PreconditionFailed' && e?.$metadata?.httpStatusCode !== 412) throw bucketError(ctx, `write ${key}`, error);
    moved = false;
  }
  await deleteKey(ctx, legacyKey);
  ctx.logger.info(moved ? `revisions: moved status report ${legacyKey} to ${key}` : `revisions: removed old status report ${legacyKey} (${key} is newer)`);
  return moved ? key : null;
}
