import { errorData, type ContractError } from '../errors';
import type { CredentialsNeed } from './dto';

/** What a failed call says the user must do first (an MFA code, an SSO sign-in, pick credentials), if anything. */
export function credentialsNeedOf(error: ContractError): CredentialsNeed | null {
  const data = errorData(error, 'invalid-input');
  if (data?.needs === 'mfa-code' && data.profile !== undefined && data.mfaSerial !== undefined) return { needs: 'mfa-code', profile: data.profile, mfaSerial: data.mfaSerial };
  if (data?.needs === 'sso-login' && data.profile !== undefined && data.startUrl !== undefined) return { needs: 'sso-login', profile: data.profile, startUrl: data.startUrl };
  if (data?.needs === 'credential' || errorData(error, 'forbidden')?.needs === 'credential') return { needs: 'credential' };
  return null;
}
