import { FlotillaError } from '../../contract/errors';
import type { SecretStore, SettingsStore, Terminal } from '../../core/ports';

/* Placeholders for ports a later issue implements: typed, and failing with `unavailable`. */

function notYet(what: string): never {
  throw new FlotillaError('unavailable', `${what} is not available yet.`);
}

export const unavailableTerminal: Terminal = {
  run: async () => notYet('Opening a terminal'),
};

export const unavailableSecretStore: SecretStore = {
  get: async () => notYet('The secret store'),
  set: async () => notYet('The secret store'),
  delete: async () => notYet('The secret store'),
};

export const unavailableSettingsStore: SettingsStore = {
  read: async () => notYet('The settings store'),
  write: async () => notYet('The settings store'),
};
