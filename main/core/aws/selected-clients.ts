import type { AwsClientFactory, AwsCredentialIdentityProvider, AwsEnv } from './client-factory';
import { createAwsClientFactory } from './client-factory';

/**
 * The AWS clients for whatever credentials are selected now: one factory, rebuilt (and the old one
 * destroyed) when the selection changes, behind a stable object the services keep.
 */
export function createSelectedClients(options: {
  env: AwsEnv;
  /** A key naming the current selection (e.g. the credential ref as JSON); a change rebuilds. */
  selectionKey(): string;
  /** The provider for the current selection; undefined: the SDK's default chain. */
  provider(): AwsCredentialIdentityProvider | undefined;
}): AwsClientFactory {
  let key = options.selectionKey();
  let current = createAwsClientFactory({ env: options.env, credentials: options.provider() });
  const factory = (): AwsClientFactory => {
    const now = options.selectionKey();
    if (now !== key) {
      current.destroy();
      key = now;
      current = createAwsClientFactory({ env: options.env, credentials: options.provider() });
    }
    return current;
  };
  return {
    ec2: (region) => factory().ec2(region),
    sts: (region) => factory().sts(region),
    s3: (region) => factory().s3(region),
    iam: (region) => factory().iam(region),
    ssm: (region) => factory().ssm(region),
    secretsManager: (region) => factory().secretsManager(region),
    pricing: () => factory().pricing(),
    envRegion: () => factory().envRegion(),
    endpointFor: (service) => factory().endpointFor(service),
    identity: (region) => factory().identity(region),
    destroy: () => current.destroy(),
  };
}
