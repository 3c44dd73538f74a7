import { useSyncExternalStore } from 'react';

/**
 * One shared 1 s clock for every countdown and running cost on the page: a single interval that
 * runs while anything subscribes, not a timer per row.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function tick() {
  now = Date.now();
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;

/** The current time in ms, updated once a second for every subscriber together. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** How many components listen (tests check that rows share the one ticker). */
export function tickerSubscribers(): number {
  return listeners.size;
}
