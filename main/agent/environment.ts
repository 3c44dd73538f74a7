import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Logger } from '../core/ports';
import { formatBytes } from '../contract/format-bytes';
import { endpointFromEnv, regionFromEnv } from '../core/shared/aws-env';
import { DEFAULT_REGION } from '../core/shared/defaults';
import { BYTE_SIZE_FORM, DEFAULT_LIMITS, LIMIT_VARIABLES, parseByteSize, type RevisionLimits } from '../core/revisions';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

/** FTL's configuration: FTL_BUCKET for the bucket, FTL_ROOT for this server's folder. */
export function requireBucket(env: Env): string {
  const bucket = env.FTL_BUCKET?.trim();
  if (!bucket) throw new ConfigError('FTL_BUCKET is not set: export FTL_BUCKET=<the S3 bucket holding the revisions>.');
  return bucket;
}

export function requireRoot(env: Env): string {
  const root = env.FTL_ROOT?.trim();
  if (!root) throw new ConfigError('FTL_ROOT is not set: export FTL_ROOT=<folder holding one folder per package>, e.g. /var/opt/deploy.');
  return root;
}

/**
 * An S3 client from the usual AWS_* variables: AWS_REGION (or AWS_DEFAULT_REGION, as FTL read;
 * us-east-1 if neither), AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (path-style addressing, and
 * checksums only when required unless AWS_REQUEST_CHECKSUM_CALCULATION says otherwise, since
 * S3-compatible servers often reject the newer ones), static keys from AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the SDK's default chain (profile, instance role).
 */
export function s3ClientFromEnv(env: Env): S3Client {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const endpoint = endpointFromEnv(env, 's3');
  const config: S3ClientConfig = { region: regionFromEnv(env) ?? DEFAULT_REGION };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  // Read from `env` itself (the SDK would read process.env, which is not always the same object).
  const checksums = (value: string | undefined) => {
    const wanted = value?.trim().toUpperCase();
    return wanted === 'WHEN_SUPPORTED' || wanted === 'WHEN_REQUIRED' ? wanted : endpoint ? 'WHEN_REQUIRED' : undefined;
  };
  const request = checksums(env.AWS_REQUEST_CHECKSUM_CALCULATION);
  const response = checksums(env.AWS_RESPONSE_CHECKSUM_VALIDATION);
  if (request) config.requestChecksumCalculation = request;
  if (response) config.responseChecksumValidation = response;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN };
  }
  return new S3Client(config);
}

/**
 * Names this server in its status report (`flotilla-status/<package>/<encoded id>`): FTL_STATUS_ID
 * if set, else the EC2 instance id when the machine exposes it (Nitro instances put it in the DMI
 * asset tag; no network call), else the host name.
 */
export async function statusIdOf(env: Env): Promise<string> {
  if (env.FTL_STATUS_ID?.trim()) return env.FTL_STATUS_ID.trim();
  const tag = await readFile('/sys/devices/virtual/dmi/id/board_asset_tag', 'utf8').catch(() => '');
  if (/^i-[0-9a-f]{8,17}$/.test(tag.trim())) return tag.trim();
  return hostname();
}

/** Plain lines on stderr, so stdout stays clean for what a command prints. */
export function stderrLogger(write: (line: string) => void, debug: boolean): Logger {
  const at = (level: string, shown: boolean) => (message: string, fields?: Record<string, unknown>) => {
    if (!shown) return;
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    write(`[${level}] ${message}${extra}`);
  };
  return { debug: at('debug', debug), info: at('info', debug), warn: at('warn', true), error: at('error', true) };
}

/**
 * FTL_MAX_REVISION_BYTES, FTL_MAX_REVISION_FILES and FTL_MIN_FREE_BYTES, for sync. Unset or empty:
 * the default. Anything else that is not of the accepted form is an error naming the variable.
 */
export function limitsFromEnv(env: Env): Partial<RevisionLimits> {
  const out: Partial<RevisionLimits> = {};
  const read = (key: keyof RevisionLimits, parse: (value: string) => number | null, min: number, form: string) => {
    const name = LIMIT_VARIABLES[key];
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return;
    const value = parse(raw.trim());
    if (value === null || value < min) {
      throw new ConfigError(`${name}='${raw}' is not ${form}${min > 0 ? ` of at least ${min}` : ''}. Unset it for the default (${defaultOf(key)}).`);
    }
    out[key] = value;
  };
  read('maxRevisionBytes', parseByteSize, 1, BYTE_SIZE_FORM);
  read('maxRevisionFiles', (v) => (/^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : null), 1, 'a whole number of files, e.g. 100000');
  read('minFreeBytes', parseByteSize, 0, `${BYTE_SIZE_FORM}; 0 turns the reserve off`);
  return out;
}

function defaultOf(key: keyof RevisionLimits): string {
  return key === 'maxRevisionFiles' ? String(DEFAULT_LIMITS[key]) : formatBytes(DEFAULT_LIMITS[key]);
}
