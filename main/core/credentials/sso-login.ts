import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { SsoSignInPending } from '../../contract/credentials/dto';
import { FlotillaError } from '../../contract/errors';
import type { Logger, Opener } from '../ports';
import { tokenCacheKey } from './sso-cache';
import { deviceLogin, type SsoTarget } from './sso-oidc';

export type SsoOidcFactory = (region: string) => SSOOIDCClient;
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const sdkSsoOidcFactory: SsoOidcFactory = (region) => new SSOOIDCClient({ region });

/** setTimeout, stopped by the signal. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export interface SsoLoginsOptions {
  /** ~/.aws/sso/cache */
  cacheDir: string;
  client: SsoOidcFactory;
  opener: Opener | undefined;
  emit(payload: SsoSignInPending): void;
  now(): Date;
  sleep: Sleep;
  logger: Logger;
  remember(secret: string): void;
}

export interface SsoLogins {
  /** Signs in (or joins the sign-in already running for the same session or start URL). */
  login(target: SsoTarget): Promise<void>;
  /** Stops the sign-in the profile started or joined; false when there is none. */
  cancel(profile: string): boolean;
}

interface Running {
  promise: Promise<void>;
  abort: AbortController;
  profiles: Set<string>;
}

/** SSO sign-ins in progress, one per token cache file; each can be cancelled by a profile in it. */
export function createSsoLogins(opts: SsoLoginsOptions): SsoLogins {
  const running = new Map<string, Running>();

  async function openBrowser(url: string, profile: string): Promise<boolean> {
    if (!opts.opener) return false;
    try {
      await opts.opener.openUrl(url);
      return true;
    } catch (error) {
      opts.logger.warn('credentials: could not open the browser for the SSO sign-in', { profile, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  async function run(target: SsoTarget, abort: AbortController): Promise<void> {
    const client = opts.client(target.region);
    try {
      await deviceLogin(target, {
        client,
        cacheDir: opts.cacheDir,
        now: opts.now,
        sleep: opts.sleep,
        signal: abort.signal,
        remember: opts.remember,
        onCode: async (code) => {
          const browserOpened = await openBrowser(code.verificationUri, target.profile);
          opts.logger.info('credentials: SSO sign-in waiting for approval in the browser', { profile: target.profile, browserOpened });
          opts.emit({
            profile: target.profile,
            startUrl: target.startUrl,
            userCode: code.userCode,
            verificationUri: code.verificationUri,
            expiresAt: code.expiresAt.toISOString(),
            browserOpened,
          });
        },
      });
    } catch (error) {
      if (abort.signal.aborted) {
        throw new FlotillaError('unavailable', `The SSO sign-in for profile '${target.profile}' was cancelled.`, { cancelled: true, profile: target.profile });
      }
      throw error;
    } finally {
      client.destroy();
    }
  }

  return {
    login(target) {
      const key = tokenCacheKey(target);
      const existing = running.get(key);
      if (existing) {
        existing.profiles.add(target.profile);
        return existing.promise;
      }
      const abort = new AbortController();
      // The .finally callback runs in a later microtask, so never before the set below.
      const promise = run(target, abort).finally(() => running.delete(key));
      running.set(key, { abort, profiles: new Set([target.profile]), promise });
      return promise;
    },
    cancel(profile) {
      const entry = [...running.values()].find((r) => r.profiles.has(profile));
      if (!entry) return false;
      entry.abort.abort();
      return true;
    },
  };
}
