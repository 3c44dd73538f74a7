import type { KeychainCredentialRef } from '../../contract/credentials/dto';
import { credentialNameProblem } from '../../contract/credentials/credential-name';
import { errorProblem, FlotillaError } from '../../contract/errors';
import type { SecretStore } from '../ports';
import { accessKeyIdProblem, maskKeyId, secretAccessKeyProblem } from './mask';

/** What one keychain entry (service `Flotilla`, account = the credential's name) holds. */
export interface StoredKey {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Refuses a malformed key pair with `invalid-input`, naming the field and never echoing a secret. */
export function assertKeyPair(key: StoredKey): void {
  const problems = [
    { field: 'accessKeyId', message: accessKeyIdProblem(key.accessKeyId) },
    { field: 'secretAccessKey', message: secretAccessKeyProblem(key.secretAccessKey) },
  ].filter((p): p is { field: string; message: string } => p.message !== null);
  if (key.sessionToken !== undefined && !/^[A-Za-z0-9/+=]{16,8192}$/.test(key.sessionToken)) {
    problems.push({ field: 'sessionToken', message: 'the session token has characters other than base64 (letters, digits, / + =)' });
  }
  if (key.sessionToken === undefined && key.accessKeyId.startsWith('ASIA')) {
    problems.push({ field: 'sessionToken', message: 'an ASIA… access key is temporary and needs its session token' });
  }
  if (problems.length) {
    throw new FlotillaError('invalid-input', `The access key was not saved: ${problems.map((p) => p.message).join('; ')}.`, { problems: problems.map((p) => errorProblem(p.message, p.field)) });
  }
}

export function keychainRef(name: string, accessKeyId: string): KeychainCredentialRef {
  return { kind: 'keychain', name, keyIdHint: maskKeyId(accessKeyId) };
}

/** Stores the key pair in the keychain; a store without a keychain answers `unavailable`. */
export async function writeKey(secrets: SecretStore, name: string, key: StoredKey): Promise<KeychainCredentialRef> {
  const nameProblem = credentialNameProblem(name);
  if (nameProblem) throw new FlotillaError('invalid-input', `${nameProblem}.`, { field: 'name' });
  assertKeyPair(key);
  const stored: StoredKey = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  if (key.sessionToken) stored.sessionToken = key.sessionToken;
  await secrets.set(name, JSON.stringify({ v: 1, ...stored }));
  return keychainRef(name, key.accessKeyId);
}

/** The key pair stored under `name`, or null when the keychain has none. */
export async function readKey(secrets: SecretStore, name: string): Promise<StoredKey | null> {
  const raw = await secrets.get(name);
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  const p = parsed as Partial<StoredKey> | null;
  if (!p || typeof p.accessKeyId !== 'string' || typeof p.secretAccessKey !== 'string') {
    throw new FlotillaError(
      'invalid-input',
      `The keychain entry 'Flotilla / ${name}' is not an access key Flotilla stored; delete it in Settings → AWS accounts and add the key again.`,
      { name },
    );
  }
  const key: StoredKey = { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey };
  if (typeof p.sessionToken === 'string') key.sessionToken = p.sessionToken;
  return key;
}
