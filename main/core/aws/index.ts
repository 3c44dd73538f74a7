/** AWS access shared by the Instances (and later Revisions) features. */
export { createAwsClientFactory, credentialsError, type AwsClientFactory, type AwsClientFactoryOptions, type AwsEnv, type AwsService, type CallerIdentity } from './client-factory';
export type { AwsCredentialIdentityProvider } from './client-factory';
export { awsErrorCode, awsErrorMessage, encodedAuthorizationMessage, isAccessDenied, isThrottling, isTransient, isUnreachable } from './aws-errors';
export { backoffDelay, sleep, withBackoff, type BackoffOptions } from './backoff';
export { SDK_MAX_ATTEMPTS, sdkRetryOptions } from './retry-policy';
