/** The one way the core reads time: the Clock it is given (ports.clock), never Date.now() itself. */
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
