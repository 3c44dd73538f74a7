/** AWS access shared by the Instances (and later Revisions) features. */
export { createAwsClientFactory, credentialsError, type AwsClientFactory, type AwsClientFactoryOptions, type AwsEnv, type AwsService } from './client-factory';
export type { AwsCredentialIdentityProvider } from './client-factory';
