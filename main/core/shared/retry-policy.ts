import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@aws-sdk/types';
import { sleep, type Clock } from './clock';
import { isThrottling } from './aws-errors';

/**
 * Flotilla's one retry policy, so that the SDK's retries and Flotilla's backoff never multiply.
 * (They did: the SDK's 3 attempts inside each of withBackoff's 6 made up to 18 sends of one
 * throttled EC2 call.) Each kind of failure has exactly one layer that retries it:
 *
 * - Throttling on EC2 (HTTP 503 `RequestLimitExceeded`, ...): Flotilla's `withBackoff`, which
 *   wraps every EC2 call the core makes (6 attempts, 0.5 s doubling to 20 s with jitter, on the
 *   core's Clock, logged). EC2 clients never retry it themselves.
 * - Other transient failures on EC2 (the network, timeouts, HTTP 500/502/503/504 other than
 *   throttling): the EC2 client, at most SDK_MAX_ATTEMPTS sends; withBackoff leaves them alone.
 * - S3, STS, IAM, SSM and Secrets Manager calls are not wrapped: their clients keep the SDK's
 *   standard strategy (SDK_MAX_ATTEMPTS sends, throttling such as S3's 503 `SlowDown` and SSM's
 *   `ThrottlingException` included).
 * - A streamed S3 body is never retried by the SDK (its retry middleware refuses streaming
 *   payloads); revisions/upload-file.ts sends such a part again from a fresh stream, with withBackoff.
 * - Waits that are not AWS failures (a security group still in use) use withBackoff too, with their
 *   own `retryable`; the readiness poll stretches its cycle with `backoffDelay`.
 *
 * The AWS clients are built in one place (aws/client-factory.ts), from `sdkRetryOptions`.
 */
export interface BackoffOptions {
  clock: Clock;
  /** Retries after the first attempt (default 5). */
  retries?: number;
  /** First delay in ms (default 500); doubles each retry up to maxMs. */
  baseMs?: number;
  maxMs?: number;
  /** 0..1, default Math.random; the delay is drawn from [d/2, d] ("equal jitter"). */
  random?: () => number;
  /** Which errors to retry; default AWS throttling (RequestLimitExceeded, Throttling, ...). */
  retryable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Aborting ends a wait at once and gives up with the last error. */
  signal?: AbortSignal;
}

/** The delay before retry number `attempt` (0-based): exponential with equal jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Runs `task`, retrying throttled calls with exponential backoff and jitter on the Clock. Around
 * an EC2 call this is the only layer that retries throttling; the client retries only other
 * transient failures (sdkRetryOptions), so the two never multiply.
 */
export async function withBackoff<T>(task: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const retries = options.retries ?? 5;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 20_000;
  const random = options.random ?? Math.random;
  const retryable = options.retryable ?? isThrottling;
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= retries || !retryable(error) || options.signal?.aborted) throw error;
      const delay = backoffDelay(attempt, baseMs, maxMs, random);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(options.clock, delay, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

/** Sends per AWS call the SDK makes at most. */
export const SDK_MAX_ATTEMPTS = 3;

/** The SDK's first retry after a transient failure waits about this long (doubling, with jitter). */
const SDK_BASE_DELAY_MS = 100;
const SDK_MAX_DELAY_MS = 20_000;

/** The retry settings of a client of `service`. */
export function sdkRetryOptions(service: 'ec2' | 'sts' | 's3' | 'iam' | 'ssm' | 'secretsmanager' | 'pricing', random: () => number = Math.random): { maxAttempts: number; retryStrategy?: RetryStrategyV2 } {
  return service === 'ec2' ? { maxAttempts: SDK_MAX_ATTEMPTS, retryStrategy: transientOnlyRetryStrategy(SDK_MAX_ATTEMPTS, random) } : { maxAttempts: SDK_MAX_ATTEMPTS };
}

function token(retries: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retries, getRetryDelay: () => delayMs };
}

/**
 * An SDK retry strategy (the SDK's RetryStrategyV2: the retry middleware asks it for a token
 * before the first send and after each failure, and waits the token's delay) that retries only
 * transient failures, leaving throttling to Flotilla's backoff.
 */
export function transientOnlyRetryStrategy(maxAttempts: number, random: () => number = Math.random): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retries = previous.getRetryCount() + 1;
      if (info.errorType !== 'TRANSIENT' || retries >= maxAttempts) {
        throw new Error(info.errorType === 'THROTTLING' ? "throttling is retried by Flotilla's backoff" : 'not retried');
      }
      return token(retries, backoffDelay(retries - 1, SDK_BASE_DELAY_MS, SDK_MAX_DELAY_MS, random));
    },
    recordSuccess: () => undefined,
  };
}
