import type { ContractError, Result } from '../../../main/contract/errors';
import type { AppStore, AppStoreState } from './app-store';

/**
 * The three things every slice does, written once: update its own state immutably (`slicePatch`),
 * let only the newest request's answer land (`latestAnswer`), and run a client call with a busy
 * flag and its error captured (`runAction`).
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
