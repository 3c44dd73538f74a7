import type { AwsProfile, CredentialRef, CredentialsNeed } from '../../contract/dto/credentials';
import { FlotillaError } from '../../contract/errors';

function needs(message: string, data: CredentialsNeed): FlotillaError {
  return new FlotillaError('invalid-input', message, data);
}

/**
 * What must be true before credentials are tried, so the renderer can ask for what is missing
 * (an MFA code, an SSO sign-in) instead of showing an AWS error.
 */
export function checkCredentialNeeds(ref: CredentialRef, profile: AwsProfile | null, mfaCode: string | undefined): void {
  if (mfaCode !== undefined && !/^\d{6}$/.test(mfaCode)) {
    throw new FlotillaError('invalid-input', 'The MFA code is the 6 digits your device shows right now; type them without spaces.', { field: 'mfaCode' });
  }
  if (!profile) return;
  if (profile.problem) throw new FlotillaError('invalid-input', `Profile '${ref.name}' cannot be used: ${profile.problem}.`, { profile: ref.name });
  if (profile.mfaRequired && mfaCode === undefined) {
    throw needs(`Profile '${ref.name}' assumes a role that needs an MFA code from ${profile.mfaSerial}; enter the current code and test again.`, {
      needs: 'mfa-code',
      profile: ref.name,
      mfaSerial: profile.mfaSerial ?? '',
    });
  }
  if (profile.sso && !profile.sso.tokenValid) {
    const state = profile.sso.expiresAt ? `expired at ${profile.sso.expiresAt}` : 'has not been signed in to yet';
    throw needs(`The SSO session of profile '${ref.name}' (${profile.sso.startUrl}) ${state}; sign in (Settings → AWS accounts → Sign in, or \`aws sso login --profile ${ref.name}\`) and test again.`, {
      needs: 'sso-login',
      profile: ref.name,
      startUrl: profile.sso.startUrl,
    });
  }
}
