/**
 * The one way the core reads the time: the Clock it is given (ports.clock; the agent's and the CLI's
 * engines default to systemClock). Only durations measured against the process's own timers (a
 * hook's run time, a lock's wait, a transfer rate) still use Date.now() or performance.now().
 */
export interface Clock {
  now(): Date;
  /** Runs `callback` after `ms`; answers a function that cancels it. */
  setTimeout(callback: () => void, ms: number): () => void;
}

/** The real clock; `setTimeout` answers a cancel function. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

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
