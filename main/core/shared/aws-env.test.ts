import { endpointFromEnv, envValue, regionFromEnv } from './aws-env';

describe('aws-env', () => {
  test("a service's own endpoint variable beats AWS_ENDPOINT_URL; blanks count as unset", () => {
    const env = { AWS_ENDPOINT_URL: ' http://127.0.0.1:4566 ', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568', AWS_ENDPOINT_URL_STS: '  ' };
    expect(endpointFromEnv(env, 's3')).toBe('http://127.0.0.1:4568');
    expect(endpointFromEnv(env, 'sts')).toBe('http://127.0.0.1:4566');
    expect(endpointFromEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9003' }, 'secretsmanager')).toBe('http://127.0.0.1:9003');
    expect(endpointFromEnv({}, 'ec2')).toBeNull();
  });

  test('AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(regionFromEnv({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' })).toBe('us-west-2');
    expect(regionFromEnv({ AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-1' })).toBe('eu-west-1');
    expect(regionFromEnv({})).toBeNull();
    expect(envValue({ AWS_PROFILE: ' dev ' }, 'AWS_PROFILE')).toBe('dev');
  });
});
