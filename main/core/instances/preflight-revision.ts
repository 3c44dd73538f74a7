import { GetBucketLocationCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { FlotillaError } from '../../contract/errors';
import { awsErrorCode, isAccessDenied } from '../shared/aws-errors';
import type { Clock, Logger } from '../ports';
import { formatBytes } from '../../contract/format-bytes';
import { bucketError, type BucketContext } from '../revisions/bucket';
import { findRevisionKey, readPointers } from '../revisions/remote-catalog';
import { parseRevisionName, printable } from '../revisions/rev-name';
import { REGION_NAME, type NormalizedLaunch } from './launch-input';
import type { CheckOutcome } from './preflight-checks';
import { formatExpiry } from './tags';

/** The revision a launch deploys, as the template receives it. The URL is never logged or shown. */
export interface ResolvedRevision {
  /** `<package>.<rev>`. */
  name: string;
  bucket: string;
  key: string;
  /** A presigned GET of the object: what the instance fetches, with no AWS credentials of its own. */
  url: string;
  /** The object's `sha256` metadata (lower-case hex, as spool writes it); '' when it has none. */
  sha256: string;
}

export interface RevisionCheckDeps {
  /** An S3 client for a region (the factory's). */
  s3: (region: string) => S3Client;
  /** Settings → Revisions bucket; null when none is set. */
  bucket: string | null;
  /** The region S3 is first asked in (Settings' default region), before the bucket's own is known. */
  homeRegion: string;
  clock: Clock;
  logger: Logger;
}

const HOUR_S = 3600;
/** SigV4 presigned URLs live at most 7 days (the signer refuses more: @smithy/signature-v4's MAX_PRESIGNED_TTL). */
export const MAX_URL_SECONDS = 7 * 24 * HOUR_S;

/** How long the revision URL is valid: the TTL, at least 1 hour, at most SigV4's 7 days. */
export function urlLifetimeSeconds(ttlMs: number): number {
  return Math.min(MAX_URL_SECONDS, Math.max(HOUR_S, Math.ceil(ttlMs / 1000)));
}

/**
 * GetBucketLocation's answer as a region name: empty is us-east-1, `EU` the old name of eu-west-1.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
 */
export function regionOfLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Resolves the launch's revision (`current`/`previous` through the package's pointers, or a name)
 * in the revisions bucket, checks its object, and presigns a GET the instances fetch it with: no
 * instance role is needed for the package. Skipped for a template without a package.
 */
export async function checkRevision(launch: NormalizedLaunch, deps: RevisionCheckDeps): Promise<CheckOutcome & { revision: ResolvedRevision | null }> {
  const pkg = launch.project.package;
  const ref = launch.revision;
  if (!pkg || !ref) return { status: 'skip', message: `${launch.project.file} deploys no package (fleeting-meta:package).`, revision: null };
  const none = (status: CheckOutcome['status'], message: string) => ({ status, message, revision: null });
  if (!deps.bucket) {
    return none('fail', `${launch.project.id} deploys package ${pkg}, but no revisions bucket is set: set Settings → Revisions bucket (revisions.bucket) to the bucket its releases are spooled to.`);
  }
  const notes: string[] = [];
  const warnings: string[] = [];
  const bucketRegion = await locateBucket(deps, deps.bucket, warnings);
  const ctx: BucketContext = { s3: deps.s3(bucketRegion), bucket: deps.bucket, logger: deps.logger };

  let asked: string;
  if (ref === 'current' || ref === 'previous') {
    const pointer = (await readPointers(ctx, pkg))[ref];
    if (!pointer) {
      return none('fail', `package ${pkg} has no ${ref} revision in bucket '${ctx.bucket}'; spool one (Revisions page, or flotilla-agent spool) or pick a revision.`);
    }
    asked = pointer;
  } else {
    asked = ref;
  }
  const { name, rev } = parseRevisionName(asked);
  const key = await findRevisionKey(ctx, pkg, rev);
  if (!key) {
    const why = name === ref ? `bucket '${ctx.bucket}' has no revision ${name}` : `${pkg}.${ref} names ${name}, but bucket '${ctx.bucket}' has no object for it`;
    return none('fail', `${why}; pick one the Revisions page lists.`);
  }
  const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key })).catch((error: unknown) => {
    throw bucketError(ctx, `read ${key}`, error);
  });
  const metadata = (head.Metadata?.sha256 ?? '').trim().toLowerCase();
  const sha256 = SHA256.test(metadata) ? metadata : '';
  if (!sha256) warnings.push(`${key} has no sha256 metadata (it was not spooled by Flotilla), so the template gets an empty REVISION_SHA256 and cannot verify the download.`);

  const seconds = urlLifetimeSeconds(launch.ttlMs);
  const signedAt = deps.clock.now();
  const url = await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.bucket, Key: key }), { expiresIn: seconds, signingDate: signedAt });
  const expiresAt = new Date(signedAt.getTime() + seconds * 1000);
  const expiration = (await ctx.s3.config.credentials()).expiration;
  if (expiration && expiration < expiresAt) {
    warnings.push(
      `The URL is signed with temporary credentials, so it stops working when they expire at ${formatExpiry(expiration)}: an instance that fetches the revision after that cannot. ` +
        'Launch with longer-lived credentials if the template fetches it late.',
    );
  }
  if (launch.ttlMs / 1000 > MAX_URL_SECONDS) notes.push('(SigV4 URLs live at most 7 days, less than the TTL)');
  if (bucketRegion !== launch.region) notes.push(`The bucket is in ${bucketRegion}, the instances in ${launch.region}: that works, and the download is charged as cross-region transfer.`);

  const which = name === ref ? name : `${name} (${ref})`;
  const size = head.ContentLength !== undefined ? `, ${formatBytes(head.ContentLength)}` : '';
  const digest = sha256 ? `, SHA-256 ${sha256.slice(0, 12)}…` : '';
  const message = [
    `${which} in bucket '${ctx.bucket}' (${bucketRegion})${size}${digest}. The instances fetch it with a presigned URL (REVISION_URL) valid until ${formatExpiry(expiresAt)}, so they need no role for it.`,
    ...notes,
    ...warnings,
  ].join(' ');
  return { status: warnings.length > 0 ? 'warn' : 'pass', message, revision: { name, bucket: ctx.bucket, key, url, sha256 } };
}

/**
 * The bucket's region (GetBucketLocation); the home region, with a warning, when the caller may not
 * ask. An answer that is no region name (an S3-compatible endpoint may answer anything) is refused:
 * it would name the host the next requests go to, and be shown in messages.
 */
async function locateBucket(deps: RevisionCheckDeps, bucket: string, warnings: string[]): Promise<string> {
  const ctx: BucketContext = { s3: deps.s3(deps.homeRegion), bucket, logger: deps.logger };
  let constraint: string | undefined;
  try {
    constraint = (await ctx.s3.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint;
  } catch (error) {
    if (awsErrorCode(error) === 'NoSuchBucket') {
      throw new FlotillaError('not-found', `The revisions bucket '${bucket}' does not exist: check Settings → Revisions bucket.`, { bucket });
    }
    if (isAccessDenied(error)) {
      warnings.push(`Could not read the bucket's region (s3:GetBucketLocation was refused); assuming ${deps.homeRegion}.`);
      return deps.homeRegion;
    }
    throw bucketError(ctx, 'find the region of the bucket', error);
  }
  const region = regionOfLocation(constraint);
  if (REGION_NAME.test(region)) return region;
  throw new FlotillaError(
    'unavailable',
    `The revisions bucket '${bucket}' answered GetBucketLocation with '${printable(region.slice(0, 80))}', which is not an AWS region name: check the S3 endpoint (AWS_ENDPOINT_URL_S3) and the bucket.`,
    { bucket },
  );
}
