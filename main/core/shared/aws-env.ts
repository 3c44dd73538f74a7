/**
 * What the usual AWS_* variables say about where to send AWS calls, read from the environment the
 * caller is given (core's `env`, the agent's), never from process.env behind its back.
 */

/** The environment variables read (pass `process.env` in hosts, a literal map in tests). */
export type AwsEnv = Partial<Record<string, string>>;

/** The AWS services Flotilla calls. */
export type AwsService = 'ec2' | 'sts' | 's3' | 'iam' | 'ssm' | 'secretsmanager' | 'pricing';

/** The SDK's service-specific endpoint variables (AWS_ENDPOINT_URL_<service id, upper case, spaces as _>). */
const SERVICE_ENDPOINT_VARS: Record<AwsService, string> = {
  ec2: 'AWS_ENDPOINT_URL_EC2',
  sts: 'AWS_ENDPOINT_URL_STS',
  s3: 'AWS_ENDPOINT_URL_S3',
  iam: 'AWS_ENDPOINT_URL_IAM',
  ssm: 'AWS_ENDPOINT_URL_SSM',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  pricing: 'AWS_ENDPOINT_URL_PRICING',
};

/** A variable's value, trimmed; null when unset or blank. */
export function envValue(env: AwsEnv, name: string): string | null {
  const value = env[name];
  return value && value.trim() !== '' ? value.trim() : null;
}

/** The endpoint `env` names for a service: AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL; null: AWS's own. */
export function endpointFromEnv(env: AwsEnv, service: AwsService): string | null {
  return envValue(env, SERVICE_ENDPOINT_VARS[service]) ?? envValue(env, 'AWS_ENDPOINT_URL');
}

/** AWS_REGION, else AWS_DEFAULT_REGION; null when neither is set. */
export function regionFromEnv(env: AwsEnv): string | null {
  return envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION');
}
