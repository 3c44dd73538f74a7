import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { FlotillaError } from '../../contract/errors';
import type { SecretStore } from '../ports';
import type { AwsFilePaths } from './aws-files';
import { readKey } from './keychain';

export type FromIniInit = NonNullable<Parameters<typeof fromIni>[0]>;
export type FromIni = (init: FromIniInit) => AwsCredentialIdentityProvider;

/**
 * A named profile through the SDK's own resolver (SSO, roles, processes, static keys), reading the
 * files Flotilla listed. A role that needs MFA gets the code the user typed.
 */
export function profileProvider(name: string, paths: AwsFilePaths, mfaCode: string | undefined, make: FromIni = fromIni): AwsCredentialIdentityProvider {
  const init: FromIniInit = { profile: name, filepath: paths.credentials, configFilepath: paths.config, ignoreCache: true };
  if (mfaCode !== undefined) init.mfaCodeProvider = async () => mfaCode;
  return make(init);
}

/** An access key kept in the keychain under `name`. */
export function keychainProvider(name: string, secrets: SecretStore): AwsCredentialIdentityProvider {
  return async () => {
    const key = await readKey(secrets, name);
    if (!key) {
      throw new FlotillaError('not-found', `The keychain has no access key named '${name}' (it was removed outside Flotilla); add it again in Settings → AWS accounts.`, { name });
    }
    const identity: AwsCredentialIdentity = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    return key.sessionToken ? { ...identity, sessionToken: key.sessionToken } : identity;
  };
}

/** Adds every secret the provider hands out to `known`, so logs and errors can redact it exactly. */
export function remembering(provider: AwsCredentialIdentityProvider, known: Set<string>): AwsCredentialIdentityProvider {
  return async (options) => {
    const identity = await provider(options);
    known.add(identity.secretAccessKey);
    if (identity.sessionToken) known.add(identity.sessionToken);
    return identity;
  };
}
