import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** STS, as much of it as Flotilla uses; tests pass a fake. */
export interface StsLike {
  getCallerIdentity(): Promise<CallerIdentity>;
}

export type StsFactory = (options: { region: string; credentials: AwsCredentialIdentityProvider }) => StsLike;
