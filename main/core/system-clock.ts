import type { Clock } from './ports';

/** The real clock; `setTimeout` answers a cancel function. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
