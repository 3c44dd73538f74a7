import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SsoStatus } from '../../contract/credentials/dto';

/** What Flotilla reads of a cached SSO token: never the token itself. */
export interface CachedToken {
  file: string;
  startUrl: string | null;
  expiresAt: Date | null;
}

export function parseExpiry(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  // Older CLIs wrote `2019-11-14T04:05:45UTC`.
  const date = new Date(value.replace(/UTC$/, 'Z'));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Every token in ~/.aws/sso/cache (the AWS CLI and SDKs share it); unreadable files are skipped. */
export async function readSsoTokens(dir: string): Promise<CachedToken[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const tokens = await Promise.all(
    names.map(async (name): Promise<CachedToken | null> => {
      try {
        const data = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Record<string, unknown>;
        if (!('accessToken' in data) || !('expiresAt' in data)) return null; // client registrations, botocore caches
        return { file: name, startUrl: typeof data.startUrl === 'string' ? data.startUrl : null, expiresAt: parseExpiry(data.expiresAt) };
      } catch {
        return null;
      }
    }),
  );
  return tokens.filter((t): t is CachedToken => t !== null);
}

export const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

/** The token's cache file name (without `.json`): sha1 of the session name, or of the start URL for a legacy profile; what the SDK's fromSSO reads. */
export function tokenCacheKey(target: { startUrl: string; session: string | null }): string {
  return sha1(target.session ?? target.startUrl);
}

/**
 * The SSO state of a start URL: its token is the cache file named after the session (sha1 of the
 * session name) or the start URL (legacy profiles), or any token recorded for that start URL.
 */
export function ssoStatus(startUrl: string, session: string | null, region: string | null, tokens: readonly CachedToken[], now: Date): SsoStatus {
  const names = new Set([tokenCacheKey({ startUrl, session: null }) + '.json', ...(session ? [tokenCacheKey({ startUrl, session }) + '.json'] : [])]);
  const matching = tokens.filter((t) => names.has(t.file) || t.startUrl === startUrl);
  const latest = matching
    .map((t) => t.expiresAt)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    startUrl,
    session,
    region,
    tokenValid: latest !== undefined && latest.getTime() > now.getTime() + 60_000,
    expiresAt: latest ? latest.toISOString() : null,
  };
}

/**
 * Writes a cache file readable by the user only (mode 600, folder 700), atomically: a temporary
 * file renamed over the old one, so the SDK and the AWS CLI never read half a token.
 */
export async function writePrivateJson(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(data, null, 2), { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
