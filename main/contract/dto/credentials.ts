/**
 * AWS credentials as the renderer sees them. Nothing here ever carries a secret: access key ids
 * appear only masked (`AKIA…WXYZ`), secret keys and session tokens never.
 */
import type { EnvironmentCredentials } from './setup';

/** An access key kept in the OS keychain; the settings file holds only this reference. */
export interface KeychainCredentialRef {
  kind: 'keychain';
  name: string;
  /** The access key id, masked: `AKIA…WXYZ`. */
  keyIdHint: string;
}

/** A named profile from ~/.aws/config or ~/.aws/credentials. */
export interface ProfileCredentialRef {
  kind: 'profile';
  name: string;
}

export type CredentialRef = KeychainCredentialRef | ProfileCredentialRef;

/** How a profile gets its credentials (the first that applies, in the AWS SDK's order). */
export type ProfileKind = 'assume-role' | 'web-identity' | 'sso' | 'process' | 'static' | 'config-only';

export interface SsoStatus {
  startUrl: string;
  /** The `[sso-session NAME]` the profile uses; null for a legacy `sso_start_url` profile. */
  session: string | null;
  region: string | null;
  /** A token for this start URL is in ~/.aws/sso/cache and has not expired. */
  tokenValid: boolean;
  /** When the cached token expires (ISO 8601); null when there is none. */
  expiresAt: string | null;
}

export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  region: string | null;
  /** Using it needs an MFA code (`mfa_serial` on it or on a profile it assumes from). */
  mfaRequired: boolean;
  /** The MFA device, when `mfaRequired`. */
  mfaSerial: string | null;
  /** SSO state, for an SSO profile or a role assumed from one. */
  sso: SsoStatus | null;
  roleArn: string | null;
  sourceProfile: string | null;
  /** Masked access key id of a static profile. */
  keyIdHint: string | null;
  /** What is wrong with the profile's definition, with the fix; null when nothing is. */
  problem: string | null;
}

export interface CredentialsOverview {
  profiles: AwsProfile[];
  keychain: KeychainCredentialRef[];
  selected: CredentialRef | null;
  /** The AWS files read, as shown to the user. */
  files: { config: string; credentials: string };
  /** Problems with the AWS files themselves (unreadable, readable by other users, ...). */
  problems: string[];
  /** Credentials in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...): used while nothing is selected. */
  environment: EnvironmentCredentials | null;
}

export interface SaveKeyInput {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Only for temporary (ASIA…) keys. */
  sessionToken?: string;
}

export interface TestConnectionInput {
  /** What to test; the selected credentials when absent. */
  ref?: CredentialRef;
  /** The current code of the MFA device, for a role that needs one. */
  mfaCode?: string;
}

/** Who AWS says the credentials belong to: what STS GetCallerIdentity answered. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** What STS GetCallerIdentity answered. */
export interface ConnectionTest extends CallerIdentity {
  region: string;
  /** The credentials tested; null for the environment's (nothing selected). */
  credential: CredentialRef | null;
  /** What was tested, in words: `profile dev`, `environment (AWS_ACCESS_KEY_ID AKIA…WXYZ)`. */
  source: string;
}

/**
 * An SSO sign-in waiting for the user to approve it in the browser (event `credentials.ssoPending`).
 * The user code is not a secret: the browser page shows it so the user can check it matches.
 */
export interface SsoSignInPending {
  profile: string;
  startUrl: string;
  /** The code to check on the browser page, e.g. `BCDF-GHJK`. */
  userCode: string;
  /** The page where the sign-in is approved (http or https, with the code filled in). */
  verificationUri: string;
  /** When the code stops working (ISO 8601). */
  expiresAt: string;
  /** False when the system browser could not be opened: the user opens `verificationUri`. */
  browserOpened: boolean;
}

/** `data` of an `invalid-input` error that the renderer can act on. */
export type CredentialsNeed =
  | { needs: 'mfa-code'; profile: string; mfaSerial: string }
  | { needs: 'sso-login'; profile: string; startUrl: string }
  | { needs: 'credential' };
