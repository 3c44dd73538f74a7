import { FlotillaError } from '../../contract/errors';
import { awsCredentialError } from './aws-errors';

const profile = { kind: 'profile', name: 'dev' } as const;
const keychain = { kind: 'keychain', name: 'work', keyIdHint: 'AKIA…MPLE' } as const;
const ctx = (ref: typeof profile | typeof keychain) => ({ ref, region: 'eu-west-1', known: ['hunter2hunter2'] });
const err = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

describe('awsCredentialError', () => {
  test.each([
    [err('SignatureDoesNotMatch', 'x'), keychain, 'forbidden', "AWS rejected the secret access key of the access key 'work' (AKIA…MPLE) (the signature does not match); enter the key pair again with Rotate."],
    [err('ExpiredToken', 'x'), profile, 'forbidden', "The credentials of profile 'dev' have expired; sign in again (SSO) or refresh them."],
    [err('AccessDenied', 'User is not authorized to perform sts:AssumeRole with hunter2hunter2'), profile, 'forbidden', "AWS denied profile 'dev': User is not authorized to perform sts:AssumeRole with [redacted]"],
    [err('TimeoutError', 'socket timed out'), profile, 'unavailable', 'Could not reach AWS STS in eu-west-1 (TimeoutError); check your network connection or proxy and try again.'],
    [err('CredentialsProviderError', 'Profile dev requires multi-factor authentication (MFA), but no mfaCodeProvider was given'), profile, 'invalid-input', "Profile 'dev' needs an MFA code: Profile dev requires multi-factor authentication (MFA), but no mfaCodeProvider was given"],
    [err('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'), profile, 'invalid-input', "Profile 'dev' needs an SSO sign-in: The SSO session associated with this profile has expired or is otherwise invalid."],
    [err('CredentialsProviderError', 'Could not resolve credentials using profile: [dev]'), profile, 'invalid-input', "Profile 'dev' gave no credentials: Could not resolve credentials using profile: [dev]"],
    [err('Throttling', 'Rate exceeded'), profile, 'unavailable', "AWS answered with an error for profile 'dev' (Throttling): Rate exceeded"],
  ])('%s', (error, ref, code, message) => {
    const mapped = awsCredentialError(error, ctx(ref));
    expect([mapped.code, mapped.message]).toEqual([code, message]);
  });

  test('a FlotillaError keeps its code and data, its message redacted', () => {
    const mapped = awsCredentialError(new FlotillaError('not-found', 'gone hunter2hunter2', { name: 'x' }), ctx(keychain));
    expect([mapped.code, mapped.message, mapped.data]).toEqual(['not-found', 'gone [redacted]', { name: 'x' }]);
  });
});
