import type { Clock } from '../ports';
import { isThrottling } from './aws-errors';

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
}

/** The delay before retry number `attempt` (0-based): exponential with equal jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Waits on the Clock; an aborted `signal` ends the wait at once. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      cancel();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `task`, retrying throttled calls with exponential backoff and jitter on the Clock. Around
 * an EC2 call this is the only layer that retries throttling; the client retries only other
 * transient failures (retry-policy.ts), so the two never multiply.
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
      if (attempt >= retries || !retryable(error)) throw error;
      const delay = backoffDelay(attempt, baseMs, maxMs, random);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(options.clock, delay);
    }
  }
}
