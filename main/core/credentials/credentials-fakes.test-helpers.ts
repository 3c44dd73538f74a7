/** Fakes shared by the credentials tests (imported only by *.test.ts files). */
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { FlotillaError } from '../../contract/errors';
import type { SecretStore } from '../ports';
import type { StsFactory } from './ports';

export function memorySecrets(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}

/** A SecretStore like keytar's on a Linux machine without a Secret Service. */
export const noKeychain: SecretStore = {
  get: async () => Promise.reject(new FlotillaError('unavailable', 'No OS keychain is available: install gnome-keyring')),
  set: async () => Promise.reject(new FlotillaError('unavailable', 'No OS keychain is available: install gnome-keyring')),
  delete: async () => Promise.reject(new FlotillaError('unavailable', 'No OS keychain is available: install gnome-keyring')),
};

export interface FakeSts {
  factory: StsFactory;
  calls: { region: string; identity: AwsCredentialIdentity }[];
}

/** STS that resolves the credentials it is given (as a real call would) and answers, or fails with `fail`. */
export function fakeSts(fail?: (identity: AwsCredentialIdentity) => unknown): FakeSts {
  const calls: FakeSts['calls'] = [];
  return {
    calls,
    factory: ({ region, credentials }) => ({
      getCallerIdentity: async () => {
        const identity = await credentials();
        calls.push({ region, identity });
        if (fail) throw fail(identity);
        return { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userId: 'AIDAEXAMPLEUSERID' };
      },
    }),
  };
}
