import type { ContractError, Result } from '@contract/errors';
import type { AppStore, AppStoreState } from './app-store';

/**
 * What every slice does, written once: update its own state immutably (`slicePatch`),
 * let only the newest request's answer land (`latestAnswer`), run a client call with a busy
 * flag and its error captured (`runAction`), and load with a loading flag and error (`loadLatest`).
 */

/** `patch(changes)`: merges `changes` into slice `key` (a new object; the other slices are untouched). */
export function slicePatch<K extends keyof AppStoreState>(set: AppStore['setState'], key: K) {
  return (changes: Partial<AppStoreState[K]>): void =>
    set((s) => ({ [key]: { ...s[key], ...changes } }) as Pick<AppStoreState, K>);
}

/**
 * A latest-answer guard for one kind of request. `begin()` before the call answers `isLatest`:
 * true while no later `begin()` (or `drop()`) came, so an earlier answer arriving after a later
 * one is dropped. `drop()` makes every request under way stale (an event brought fresher data).
 */
export interface LatestAnswer {
  begin(): () => boolean;
  drop(): void;
}

export function latestAnswer(): LatestAnswer {
  let seq = 0;
  return {
    begin: () => {
      const mine = ++seq;
      return () => mine === seq;
    },
    drop: () => {
      seq++;
    },
  };
}

/** The state `runAction` keeps: the action under way (to disable its buttons) and the last one's failure. */
export interface ActionState<Name extends string = string> {
  busy: Name | null;
  actionError: ContractError | null;
}

export interface RunActionOptions<S, T> {
  /** More state to set when the action starts (e.g. clearing the last success message). */
  start?: Partial<S>;
  /** More state to set when it succeeded. */
  done?: (value: T) => Partial<S>;
}

/**
 * Runs `call` with `busy` set to `name`; a failure lands in `actionError`. Answers the value, or
 * null when the call failed.
 */
export async function runAction<S extends ActionState, T>(
  patch: (changes: Partial<S>) => void,
  name: NonNullable<S['busy']>,
  call: () => Promise<Result<T>>,
  options: RunActionOptions<S, T> = {},
): Promise<T | null> {
  patch({ ...options.start, busy: name, actionError: null } as Partial<S>);
  const result = await call();
  if (!result.ok) {
    patch({ busy: null, actionError: result.error } as Partial<S>);
    return null;
  }
  patch({ ...options.done?.(result.value), busy: null } as Partial<S>);
  return result.value;
}

/** The state `loadLatest` keeps: a load under way, and why the last one failed. */
export interface LoadState {
  loading: boolean;
  error: ContractError | null;
}

/**
 * Runs a load with `loading` set and `error` cleared; a failure lands in `error`. Answers the value
 * for the caller to store (it then clears `loading`), or undefined when the call failed or, with a
 * `guard`, a later load or an event answered meanwhile.
 */
export async function loadLatest<S extends LoadState, T>(patch: (changes: Partial<S>) => void, call: () => Promise<Result<T>>, guard?: LatestAnswer): Promise<T | undefined> {
  const isLatest = guard ? guard.begin() : () => true;
  patch({ loading: true, error: null } as Partial<S>);
  const result = await call();
  if (!isLatest()) return undefined;
  if (!result.ok) {
    patch({ loading: false, error: result.error } as Partial<S>);
    return undefined;
  }
  return result.value;
}
