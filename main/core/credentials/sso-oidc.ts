import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  StartDeviceAuthorizationCommand,
  type SSOOIDCClient,
  type StartDeviceAuthorizationCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { FlotillaError } from '../../contract/errors';
import { isUnreachable } from '../shared/aws-errors';
import { parseExpiry, sha1, tokenCacheKey, writePrivateJson } from './sso-cache';

/** What an SSO sign-in is for: a `[sso-session]` (session set) or a legacy `sso_start_url` profile. */
export interface SsoTarget {
  profile: string;
  startUrl: string;
  region: string;
  session: string | null;
  /** `sso_registration_scopes` of the session, split on commas; null when not set (and for legacy profiles). */
  scopes: string[] | null;
}

/** The part of a device authorization the user sees. None of it is a secret. */
export interface DeviceCode {
  userCode: string;
  /** verificationUriComplete (the code filled in) when AWS gives one, else verificationUri. */
  verificationUri: string;
  expiresAt: Date;
}

export interface DeviceLoginDeps {
  client: SSOOIDCClient;
  /** ~/.aws/sso/cache */
  cacheDir: string;
  now(): Date;
  /** Waits `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  /** The code is issued: show it, open the browser. Polling starts when this resolves. */
  onCode(code: DeviceCode): Promise<void>;
  /** Every secret received (client secret, device code, tokens), so logs and errors can redact it. */
  remember(secret: string): void;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: the default interval, and what slow_down adds to it. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;
/** A cached registration is reused until 15 minutes before it expires (as the AWS CLI does). */
const REGISTRATION_MARGIN_MS = 15 * 60_000;
/** However long AWS says a device code lives, Flotilla stops waiting after this. */
const MAX_WAIT_MS = 30 * 60_000;

/** Python's json.dumps for a string (ensure_ascii), which the AWS CLI hashes for cache names. */
function pyString(value: string): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The cache file name (without `.json`) of the client registration, as the AWS CLI v2 names it:
 * sha1 of `json.dumps({tool, startUrl, region, scopes, session_name}, sort_keys=True)`. So the CLI
 * and Flotilla share one registration per start URL, region, scopes and session.
 */
export function registrationCacheKey(target: Pick<SsoTarget, 'startUrl' | 'region' | 'scopes' | 'session'>): string {
  const scopes = target.scopes === null ? 'null' : `[${target.scopes.map(pyString).join(', ')}]`;
  const session = target.session === null ? 'null' : pyString(target.session);
  return sha1(`{"region": ${pyString(target.region)}, "scopes": ${scopes}, "session_name": ${session}, "startUrl": ${pyString(target.startUrl)}, "tool": "botocore"}`);
}

/** `2026-06-01T12:00:00Z`, the AWS CLI's format (the SDK reads it too). */
function cacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Registration {
  clientId: string;
  clientSecret: string;
  expiresAt: string;
  scopes?: string[];
}

async function cachedRegistration(file: string, now: Date): Promise<Registration | null> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Registration>;
    const expires = parseExpiry(data.expiresAt);
    if (typeof data.clientId !== 'string' || typeof data.clientSecret !== 'string' || !expires) return null;
    return expires.getTime() - now.getTime() > REGISTRATION_MARGIN_MS ? (data as Registration) : null;
  } catch {
    return null;
  }
}

const nameOf = (error: unknown) => (error as { name?: string } | null)?.name ?? '';

/** A short, secret-free account of an OIDC error (its description, when AWS gave one). */
function describe(error: unknown): string {
  const e = (error ?? {}) as { name?: string; error_description?: string; message?: string; code?: string };
  const detail = e.error_description || e.message || e.code || String(error);
  return `${e.name ?? 'Error'}: ${detail}`.slice(0, 300);
}

/** What went wrong talking to IAM Identity Center, and what to do. */
function oidcError(error: unknown, target: SsoTarget, step: string): FlotillaError {
  if (error instanceof FlotillaError) return error;
  const name = nameOf(error);
  const text = describe(error);
  if (isUnreachable(error)) {
    return new FlotillaError('unavailable', `Could not reach AWS IAM Identity Center in ${target.region} to ${step} (${text}); check your network connection or proxy and try again.`);
  }
  switch (name) {
    case 'AccessDeniedException':
      return new FlotillaError('forbidden', `The SSO sign-in for profile '${target.profile}' was denied in the browser; sign in again and choose Allow.`, { profile: target.profile });
    case 'ExpiredTokenException':
      return new FlotillaError('unavailable', `The SSO sign-in code for profile '${target.profile}' expired before it was approved; sign in again.`, { profile: target.profile });
    case 'InvalidRequestException':
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
    case 'InvalidScopeException':
      return new FlotillaError(
        'invalid-input',
        `AWS IAM Identity Center refused to ${step} for ${target.startUrl} in ${target.region} (${text}); check sso_start_url, sso_region and sso_registration_scopes for profile '${target.profile}'.`,
        { profile: target.profile },
      );
    default:
      return new FlotillaError('unavailable', `AWS IAM Identity Center could not ${step} for profile '${target.profile}' (${text}).`, { profile: target.profile });
  }
}

function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

async function register(target: SsoTarget, deps: DeviceLoginDeps, file: string): Promise<Registration> {
  const answer = await deps.client
    .send(
      new RegisterClientCommand({ clientName: `flotilla-${target.session ?? 'legacy'}`, clientType: 'public', ...(target.scopes?.length ? { scopes: target.scopes } : {}) }),
      { abortSignal: deps.signal },
    )
    .catch((error: unknown) => Promise.reject(oidcError(error, target, 'register Flotilla as a client')));
  if (!answer.clientId || !answer.clientSecret || !answer.clientSecretExpiresAt) {
    throw new FlotillaError('unavailable', 'AWS IAM Identity Center answered RegisterClient without a client id, secret or expiry; try again.');
  }
  deps.remember(answer.clientSecret);
  const registration: Registration = {
    clientId: answer.clientId,
    clientSecret: answer.clientSecret,
    expiresAt: cacheTime(new Date(answer.clientSecretExpiresAt * 1000)),
    ...(target.scopes?.length ? { scopes: target.scopes } : {}),
  };
  await writePrivateJson(file, registration);
  return registration;
}

function authorize(target: SsoTarget, deps: DeviceLoginDeps, registration: Registration): Promise<StartDeviceAuthorizationCommandOutput> {
  const { clientId, clientSecret } = registration;
  return deps.client.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: target.startUrl }), { abortSignal: deps.signal });
}

/**
 * Signs in with the OIDC device authorization grant, the way `aws sso login --use-device-code`
 * does: a registration (cached in ~/.aws/sso/cache, shared with the AWS CLI), a device code the
 * user approves in the browser, CreateToken polled at the interval AWS asks for (slower after
 * slow_down) until approved, denied or expired. The token goes to the cache file the SDK's fromSSO
 * reads, mode 600. Answers when the token expires.
 */
export async function deviceLogin(target: SsoTarget, deps: DeviceLoginDeps): Promise<{ expiresAt: Date }> {
  const registrationFile = path.join(deps.cacheDir, `${registrationCacheKey(target)}.json`);
  let registration = await cachedRegistration(registrationFile, deps.now());
  const fromCache = registration !== null;
  if (registration) deps.remember(registration.clientSecret);
  let authorization: StartDeviceAuthorizationCommandOutput;
  try {
    registration ??= await register(target, deps, registrationFile);
    authorization = await authorize(target, deps, registration);
  } catch (error) {
    // A cached registration the service no longer knows (revoked, other region): register anew, once.
    if (fromCache && ['InvalidClientException', 'UnauthorizedClientException'].includes(nameOf(error))) {
      registration = await register(target, deps, registrationFile);
      authorization = await authorize(target, deps, registration).catch((again: unknown) => Promise.reject(oidcError(again, target, 'start the sign-in')));
    } else {
      throw oidcError(error, target, 'start the sign-in');
    }
  }
  const { deviceCode, userCode } = authorization;
  const page = httpUrl(authorization.verificationUriComplete) ?? httpUrl(authorization.verificationUri);
  if (!deviceCode || !userCode || !page) {
    throw new FlotillaError('unavailable', 'AWS IAM Identity Center answered StartDeviceAuthorization without a code or an http(s) sign-in page; try again.');
  }
  deps.remember(deviceCode);
  const started = deps.now().getTime();
  const deadline = started + Math.min((authorization.expiresIn ?? 600) * 1000, MAX_WAIT_MS);
  await deps.onCode({ userCode, verificationUri: page, expiresAt: new Date(deadline) });

  let interval = Math.max(1, authorization.interval ?? DEFAULT_INTERVAL_S);
  for (;;) {
    if (deps.now().getTime() >= deadline) throw oidcError({ name: 'ExpiredTokenException' }, target, 'finish the sign-in');
    await deps.sleep(interval * 1000, deps.signal);
    let answer;
    try {
      const { clientId, clientSecret } = registration;
      answer = await deps.client.send(new CreateTokenCommand({ clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode }), { abortSignal: deps.signal });
    } catch (error) {
      const name = nameOf(error);
      if (name === 'AuthorizationPendingException') continue;
      if (name === 'SlowDownException') {
        interval += SLOW_DOWN_S;
        continue;
      }
      throw oidcError(error, target, 'finish the sign-in');
    }
    if (!answer.accessToken || !answer.expiresIn) throw new FlotillaError('unavailable', 'AWS IAM Identity Center answered CreateToken without a token or its lifetime; sign in again.');
    deps.remember(answer.accessToken);
    if (answer.refreshToken) deps.remember(answer.refreshToken);
    const expiresAt = new Date(deps.now().getTime() + answer.expiresIn * 1000);
    // The fields and formats the SDK's fromSSO (and its refresh) and the AWS CLI read.
    await writePrivateJson(path.join(deps.cacheDir, `${tokenCacheKey(target)}.json`), {
      accessToken: answer.accessToken,
      expiresAt: cacheTime(expiresAt),
      ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: registration.expiresAt,
      region: target.region,
      startUrl: target.startUrl,
    });
    return { expiresAt };
  }
}
