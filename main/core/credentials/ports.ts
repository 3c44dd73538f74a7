import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { CallerIdentity } from '../shared/caller-identity';

/** STS, as much of it as Flotilla uses; tests pass a fake. */
export interface StsLike {
  getCallerIdentity(): Promise<CallerIdentity>;
}

/** `endpoint`: where STS answers when not AWS's own (AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL). */
export type StsFactory = (options: { region: string; credentials: AwsCredentialIdentityProvider; endpoint?: string | null }) => StsLike;
