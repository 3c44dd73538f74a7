import type { NoInput } from '../api';
import type { AwsProfile, ConnectionTest, CredentialRef, CredentialsOverview, KeychainCredentialRef, SaveKeyInput, TestConnectionInput } from './dto';

/** Settings → AWS accounts. No answer ever carries a secret. */
export interface CredentialsApi {
  list(input: NoInput): Promise<CredentialsOverview>;
  /** Picks the credentials the app uses (null: none). */
  select(input: { ref: CredentialRef | null }): Promise<CredentialsOverview>;
  /** Stores a new access key pair in the OS keychain under `name`. */
  saveKey(input: SaveKeyInput): Promise<KeychainCredentialRef>;
  /** Replaces the key pair stored under an existing `name`. */
  rotateKey(input: SaveKeyInput): Promise<KeychainCredentialRef>;
  deleteKey(input: { name: string }): Promise<CredentialsOverview>;
  /**
   * Signs in to the profile's SSO session through the system browser (OIDC device authorization):
   * a `credentials.ssoPending` event carries the code to check, and the call answers the profile
   * once the sign-in is approved (or fails: denied, code expired, cancelled with data.cancelled).
   */
  ssoLogin(input: { profile: string }): Promise<AwsProfile>;
  /** Stops a waiting SSO sign-in of the profile; false when none was running. */
  cancelSsoLogin(input: { profile: string }): Promise<{ cancelled: boolean }>;
  /** STS GetCallerIdentity with the given (or selected) credentials. */
  test(input: TestConnectionInput): Promise<ConnectionTest>;
}
