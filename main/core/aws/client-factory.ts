import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { FlotillaError } from '../../contract/errors';
import { awsErrorCode, awsErrorMessage } from '../shared/aws-errors';
import { endpointFromEnv, envValue, regionFromEnv, type AwsEnv, type AwsService } from '../shared/aws-env';
import { callerIdentity, type CallerIdentity } from '../shared/caller-identity';
import { sdkRetryOptions } from '../shared/retry-policy';

export type { AwsCredentialIdentityProvider };

export type { AwsEnv, AwsService };

/** Builds and caches AWS clients per (service, region) from one set of credentials. */
export interface AwsClientFactory {
  ec2(region: string): EC2Client;
  sts(region: string): STSClient;
  s3(region: string): S3Client;
  /** IAM is global; the region only picks the partition (aws, aws-cn, aws-us-gov). */
  iam(region: string): IAMClient;
  ssm(region: string): SSMClient;
  secretsManager(region: string): SecretsManagerClient;
  /**
   * The Price List Query API: AWS serves it only from us-east-1, eu-central-1 and ap-south-1 (and
   * answers the same prices for every region there), so the client is always us-east-1's.
   */
  pricing(): PricingClient;
  /** AWS_REGION / AWS_DEFAULT_REGION, if set. */
  envRegion(): string | null;
  /** The endpoint a service's clients send to, when not AWS's own. */
  endpointFor(service: AwsService): string | null;
  /** STS GetCallerIdentity, cached once it succeeds. */
  identity(region: string): Promise<CallerIdentity>;
  destroy(): void;
}

export interface AwsClientFactoryOptions {
  env: AwsEnv;
  /** Injected credentials (e.g. keys from the keychain); default: those `env` names (envCredentials). */
  credentials?: AwsCredentialIdentityProvider;
}

type Service = AwsService;

/** One of the three regions serving the Price List Query API (us-east-1, eu-central-1, ap-south-1). */
const PRICING_REGION = 'us-east-1';
type AnyClient = EC2Client | STSClient | S3Client | IAMClient | SSMClient | SecretsManagerClient | PricingClient;

/**
 * Credentials: the injected provider, else those `env` names (envCredentials).
 * Endpoints: AWS_ENDPOINT_URL_<SERVICE> (EC2, STS, S3, IAM, SSM, SECRETS_MANAGER, PRICING), else
 * AWS_ENDPOINT_URL, so the app runs against any compatible endpoint (LocalStack, s3rver). S3 uses
 * path-style addressing on a custom endpoint.
 */
export function createAwsClientFactory(options: AwsClientFactoryOptions): AwsClientFactory {
  const env = options.env;
  const profile = envValue(env, 'AWS_PROFILE');
  const credentials = options.credentials ?? envCredentials(env);
  const clients = new Map<string, AnyClient>();
  const identities = new Map<string, Promise<CallerIdentity>>();

  const endpointFor = (service: Service): string | null => endpointFromEnv(env, service);

  function config(service: Service, region: string) {
    const endpoint = endpointFor(service);
    return {
      region,
      credentials,
      // Who retries what (the SDK, or Flotilla's backoff around EC2 calls): retry-policy.ts.
      ...sdkRetryOptions(service),
      ...(endpoint ? { endpoint } : {}),
      // S3-compatible servers want path-style addressing and checksums only where S3 requires them
      // (with the SDK's defaults some store streamed bodies corrupted).
      ...(endpoint && service === 's3'
        ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
        : {}),
    };
  }

  function cached<C extends AnyClient>(service: Service, region: string, make: () => C): C {
    if (!region) throw new FlotillaError('invalid-input', `No AWS region given for ${service.toUpperCase()}; choose one in Settings or set AWS_REGION.`);
    const key = `${service}:${region}`;
    let client = clients.get(key) as C | undefined;
    if (!client) clients.set(key, (client = make()));
    return client;
  }

  const factory: AwsClientFactory = {
    ec2: (region) => cached('ec2', region, () => new EC2Client(config('ec2', region))),
    sts: (region) => cached('sts', region, () => new STSClient(config('sts', region))),
    s3: (region) => cached('s3', region, () => new S3Client(config('s3', region))),
    iam: (region) => cached('iam', region, () => new IAMClient(config('iam', region))),
    ssm: (region) => cached('ssm', region, () => new SSMClient(config('ssm', region))),
    secretsManager: (region) => cached('secretsmanager', region, () => new SecretsManagerClient(config('secretsmanager', region))),
    pricing: () => cached('pricing', PRICING_REGION, () => new PricingClient(config('pricing', PRICING_REGION))),
    envRegion: () => regionFromEnv(env),
    endpointFor,
    identity(region) {
      // One identity per credentials; the region only picks the STS endpoint.
      const key = 'caller';
      let pending = identities.get(key);
      if (!pending) {
        pending = fetchIdentity(factory.sts(region), profile);
        identities.set(key, pending);
        pending.catch(() => identities.delete(key));
      }
      return pending;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
      identities.clear();
    },
  };
  return factory;
}

async function fetchIdentity(sts: STSClient, profile: string | null): Promise<CallerIdentity> {
  try {
    return await callerIdentity(sts);
  } catch (error) {
    throw credentialsError(error, profile);
  }
}

/** Why AWS did not accept (or could not find) the credentials, and what to do. */
export function credentialsError(error: unknown, profile: string | null): FlotillaError {
  const code = awsErrorCode(error);
  const detail = awsErrorMessage(error);
  const which = profile ? `profile '${profile}'` : 'the default credentials';
  if (code === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(detail)) {
    return new FlotillaError(
      'forbidden',
      `No AWS credentials found for ${which}: ${detail}. Set AWS_PROFILE to a profile in ~/.aws/config ` +
        `(run \`aws sso login --profile <name>\` for SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      { code },
    );
  }
  if (/ExpiredToken|TokenRefreshRequired|SSO.*expired/i.test(`${code} ${detail}`)) {
    return new FlotillaError('forbidden', `The AWS session for ${which} has expired (${detail}). Log in again, e.g. \`aws sso login\`.`, { code });
  }
  if (/InvalidClientTokenId|SignatureDoesNotMatch|AccessDenied|UnrecognizedClient/.test(code)) {
    return new FlotillaError('forbidden', `AWS refused ${which} (${code}: ${detail}). Check the access key and secret, or pick another profile.`, { code });
  }
  return new FlotillaError('unavailable', `Could not reach AWS STS to identify ${which} (${code}: ${detail}). Check the network or AWS_ENDPOINT_URL.`, { code });
}

/**
 * The credentials `env` names, in the order of the SDK's default chain (@aws-sdk/credential-provider-node
 * defaultProvider): with AWS_PROFILE, that profile (static keys are then skipped, as the SDK does);
 * else AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); else the rest of the
 * chain (the default profile including SSO and assume-role, web identity, container and instance
 * roles). The profile files are env's AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE when set.
 * Web identity and container credentials are still found by the SDK in process.env.
 */
export function envCredentials(env: AwsEnv): AwsCredentialIdentityProvider {
  const profile = envValue(env, 'AWS_PROFILE');
  const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (!profile && accessKeyId && secretAccessKey) {
    const sessionToken = envValue(env, 'AWS_SESSION_TOKEN');
    const identity = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    return async () => identity;
  }
  const filepath = envValue(env, 'AWS_SHARED_CREDENTIALS_FILE');
  const configFilepath = envValue(env, 'AWS_CONFIG_FILE');
  // A profile named (`default` when env names none) also keeps the SDK from reading process.env's keys.
  return fromNodeProviderChain({ profile: profile ?? 'default', ...(filepath ? { filepath } : {}), ...(configFilepath ? { configFilepath } : {}) });
}
