/** AWS credentials: what other parts of the core (the AWS client factory) and the hosts may use. */
export { createCredentialsService, type CredentialsService, type CredentialsServiceOptions } from './service';
export type { StsFactory, StsLike } from './ports';
export { sdkStsFactory } from './sts';
export { redact, redactValue, redactError, createRedactingLogger, type KnownSecrets } from './redact';
export { maskKeyId } from './mask';
export { awsFilePaths } from './aws-files';
