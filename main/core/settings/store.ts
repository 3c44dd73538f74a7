import { errorData, FlotillaError } from '../../contract/errors';
import type { SettingsStore } from '../ports';

/**
 * The SettingsStore port, plus what a file-backed store can also offer: where the file is (for
 * messages) and a way to keep a copy of a file that failed validation before it is replaced.
 */
export interface SettingsFileStore extends SettingsStore {
  readonly location?: string;
  /** Copies the file next to itself as `<file>.corrupt-<timestamp>`; answers the copy's path. */
  backup?(): Promise<string | null>;
}

/** `data` of the `invalid-input` error a store throws for a file that is not JSON (already backed up). */
export interface CorruptFileData {
  reason: 'corrupt';
  file: string;
  backup: string | null;
  detail: string;
}

export function corruptFileError(data: CorruptFileData): FlotillaError {
  const kept = data.backup ? `; it was kept as ${data.backup}` : '';
  return new FlotillaError('invalid-input', `${data.file} is not valid JSON (${data.detail})${kept}.`, data);
}

export function isCorruptFileError(error: unknown): error is FlotillaError & { data: CorruptFileData } {
  return error instanceof FlotillaError && errorData(error, 'invalid-input')?.reason === 'corrupt';
}

/** Settings kept in memory (tests, one-shot CLI commands). */
export function createMemorySettingsStore(initial: unknown = {}): SettingsFileStore & { value: unknown } {
  const store = {
    value: structuredClone(initial),
    read: async () => structuredClone(store.value),
    write: async (value: unknown) => {
      store.value = structuredClone(value);
    },
  };
  return store;
}
