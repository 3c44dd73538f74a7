/**
 * Where Flotilla is connected (the header line) and what a new install still lacks (the first-run
 * checklist). Nothing here carries a secret: access key ids appear only masked (`AKIA…WXYZ`).
 */

/** Credentials found in the environment, which the AWS SDK uses while nothing is picked in Settings. */
export interface EnvironmentCredentials {
  /** The variables that supply them, e.g. `AWS_ACCESS_KEY_ID`, `AWS_PROFILE`. */
  variables: string[];
  /** The masked `AWS_ACCESS_KEY_ID`, when that is set. */
  keyIdHint: string | null;
  /** `AWS_PROFILE`, when set. */
  profile: string | null;
}

/** Which credentials Flotilla uses now. */
export type CredentialSource =
  | { kind: 'keychain'; name: string; keyIdHint: string }
  | { kind: 'profile'; name: string }
  /** Nothing picked in Settings: the environment's credentials. */
  | { kind: 'environment'; environment: EnvironmentCredentials }
  /** Nothing picked and nothing in the environment: the SDK's default chain (the default profile, an instance role). */
  | { kind: 'default-chain' };

export interface ConnectionStatus {
  source: CredentialSource;
  /** The source in words: `profile dev`, `environment (AWS_ACCESS_KEY_ID AKIA…WXYZ)`. */
  sourceLabel: string;
  /** STS GetCallerIdentity's answer; null when it failed (see `error`). */
  identity: { arn: string; account: string } | null;
  /** Why the credentials did not work, with the fix; null when they did. */
  error: string | null;
  /** Settings' regions and default region. */
  regions: string[];
  defaultRegion: string;
  /** The EC2 endpoint when it is not AWS's own (AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL). */
  endpoint: string | null;
}

export type SetupItemId = 'credentials' | 'region' | 'key' | 'ingress' | 'bucket';

/** Where in Settings an item is fixed: the id of the field (or section) to focus. */
export type SetupTarget = 'aws-accounts' | 'default-region' | 'key-pair' | 'ingress-cidr' | 'revisions-bucket';

export interface SetupItem {
  id: SetupItemId;
  /** The question, e.g. `AWS credentials`. */
  label: string;
  done: boolean;
  /** Not needed to launch (the revisions bucket). */
  optional: boolean;
  /** What was found, or what is missing and how to fix it. */
  detail: string;
  target: SetupTarget;
}

export interface SetupChecklist {
  connection: ConnectionStatus;
  items: SetupItem[];
}
