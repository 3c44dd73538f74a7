import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { createAwsClientFactory, credentialsError } from './client-factory';

const staticCredentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

describe('createAwsClientFactory', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());
  afterAll(() => sts.restore());

  test('caches one client per (service, region)', () => {
    const factory = createAwsClientFactory({ env: {}, credentials: staticCredentials });
    expect(factory.ec2('us-east-1')).toBe(factory.ec2('us-east-1'));
    expect(factory.ec2('eu-west-1')).not.toBe(factory.ec2('us-east-1'));
    expect(factory.s3('us-east-1')).toBeInstanceOf(S3Client);
    expect(factory.sts('us-east-1')).toBeInstanceOf(STSClient);
    factory.destroy();
  });

  test('each client is configured for its region', async () => {
    const factory = createAwsClientFactory({ env: {}, credentials: staticCredentials });
    expect(await factory.ec2('eu-central-1').config.region()).toBe('eu-central-1');
  });

  test('a service endpoint beats AWS_ENDPOINT_URL; S3 goes path-style on a custom endpoint', async () => {
    const factory = createAwsClientFactory({
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9000' },
      credentials: staticCredentials,
    });
    expect(factory.endpointFor('ec2')).toBe('http://127.0.0.1:9000');
    expect(factory.endpointFor('s3')).toBe('http://127.0.0.1:4566');
    expect(factory.endpointFor('sts')).toBe('http://127.0.0.1:4566');
    const endpoint = await factory.ec2('us-east-1').config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:9000');
    expect(factory.s3('us-east-1').config.forcePathStyle).toBe(true);
  });

  test('IAM, SSM and Secrets Manager honour AWS_ENDPOINT_URL_IAM / _SSM / _SECRETS_MANAGER, else AWS_ENDPOINT_URL', async () => {
    const factory = createAwsClientFactory({
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9001', AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9002', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9003' },
      credentials: staticCredentials,
    });
    const at = async (client: { config: { endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number | string }> } }) => {
      const endpoint = await client.config.endpoint!();
      return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
    };
    expect(await at(factory.iam('us-east-1'))).toBe('http://127.0.0.1:9001');
    expect(await at(factory.ssm('eu-west-1'))).toBe('http://127.0.0.1:9002');
    expect(await at(factory.secretsManager('eu-west-1'))).toBe('http://127.0.0.1:9003');
    expect(createAwsClientFactory({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, credentials: staticCredentials }).endpointFor('secretsmanager')).toBe('http://127.0.0.1:4566');
    expect(await factory.ssm('eu-west-1').config.region()).toBe('eu-west-1');
    expect(factory.ssm('eu-west-1')).toBe(factory.ssm('eu-west-1'));
    factory.destroy();
  });

  test('no endpoint variables: AWS decides', () => {
    const factory = createAwsClientFactory({ env: { AWS_ENDPOINT_URL: '  ' }, credentials: staticCredentials });
    expect(factory.endpointFor('ec2')).toBeNull();
  });

  test('AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(createAwsClientFactory({ env: { AWS_DEFAULT_REGION: 'eu-west-1' }, credentials: staticCredentials }).envRegion()).toBe('eu-west-1');
    expect(createAwsClientFactory({ env: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' }, credentials: staticCredentials }).envRegion()).toBe('us-west-2');
    expect(createAwsClientFactory({ env: {}, credentials: staticCredentials }).envRegion()).toBeNull();
  });

  test('uses the injected credentials provider', async () => {
    const factory = createAwsClientFactory({ env: {}, credentials: staticCredentials });
    const credentials = await factory.ec2('us-east-1').config.credentials();
    expect(credentials.accessKeyId).toBe('AKIDEXAMPLE');
  });

  test("without injected credentials, the SDK's chain provides them", () => {
    const factory = createAwsClientFactory({ env: { AWS_PROFILE: 'work' } });
    expect(typeof factory.ec2('us-east-1').config.credentials).toBe('function');
  });

  describe("credentials from the core's env, not the process's", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'flotilla-factory-'));
      // Another set of keys and files in the process environment: the factory must not read them.
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDPROCESSENV');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'process-secret');
      vi.stubEnv('AWS_SESSION_TOKEN', 'process-token');
      vi.stubEnv('AWS_PROFILE', '');
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'process-credentials'));
      vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'process-config'));
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
      // The SDK warns (once) that process.env has keys while a profile is named.
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    });
    afterEach(async () => {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
      await rm(dir, { recursive: true, force: true });
    });

    test('static keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) sign every client', async () => {
      const factory = createAwsClientFactory({ env: { AWS_ACCESS_KEY_ID: 'AKIDCOREENV', AWS_SECRET_ACCESS_KEY: 'core-secret', AWS_SESSION_TOKEN: 'core-token' } });
      for (const client of [factory.ec2('us-east-1'), factory.s3('eu-west-1'), factory.sts('us-east-1')]) {
        expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDCOREENV', secretAccessKey: 'core-secret', sessionToken: 'core-token' });
      }
      factory.destroy();
    });

    test("AWS_PROFILE wins over static keys, as in the SDK's default chain; the files are the env's AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE", async () => {
      const credentialsFile = join(dir, 'credentials');
      await writeFile(credentialsFile, '[work]\naws_access_key_id = AKIDPROFILEWORK\naws_secret_access_key = profile-secret\n');
      const env = { AWS_PROFILE: 'work', AWS_ACCESS_KEY_ID: 'AKIDCOREENV', AWS_SECRET_ACCESS_KEY: 'core-secret', AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: join(dir, 'config') };
      const factory = createAwsClientFactory({ env });
      expect(await factory.ec2('us-east-1').config.credentials()).toMatchObject({ accessKeyId: 'AKIDPROFILEWORK', secretAccessKey: 'profile-secret' });
      factory.destroy();
    });

    test("without keys or a profile in env, the process's keys are not used either: the default profile is", async () => {
      const credentialsFile = join(dir, 'credentials');
      await writeFile(credentialsFile, '[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n');
      const factory = createAwsClientFactory({ env: { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: join(dir, 'config') } });
      expect(await factory.ec2('us-east-1').config.credentials()).toMatchObject({ accessKeyId: 'AKIDDEFAULTPROFILE' });
      factory.destroy();
    });

    test('a key id without its secret is not a credential: the chain decides (here: a profile file)', async () => {
      await writeFile(join(dir, 'process-credentials'), '[default]\naws_access_key_id = AKIDDEFAULTPROFILE\naws_secret_access_key = default-secret\n');
      vi.stubEnv('AWS_ACCESS_KEY_ID', '');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
      const factory = createAwsClientFactory({ env: { AWS_ACCESS_KEY_ID: 'AKIDCOREENV' } });
      expect(await factory.ec2('us-east-1').config.credentials()).toMatchObject({ accessKeyId: 'AKIDDEFAULTPROFILE' });
      factory.destroy();
    });
  });

  test('identity: STS GetCallerIdentity, asked once', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/ada', Account: '123456789012', UserId: 'AIDA' });
    const factory = createAwsClientFactory({ env: {}, credentials: staticCredentials });
    expect(await factory.identity('us-east-1')).toEqual({ arn: 'arn:aws:iam::123456789012:user/ada', account: '123456789012', userId: 'AIDA' });
    await factory.identity('us-east-1');
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  test('identity: a failure is not cached and says what to do', async () => {
    sts.on(GetCallerIdentityCommand).rejectsOnce(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' }))
      .resolves({ Arn: 'arn:aws:iam::1:user/x' });
    const factory = createAwsClientFactory({ env: { AWS_PROFILE: 'work' }, credentials: staticCredentials });
    const err = await factory.identity('us-east-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlotillaError);
    expect((err as FlotillaError).code).toBe('forbidden');
    expect((err as FlotillaError).message).toContain("profile 'work'");
    expect((await factory.identity('us-east-1')).arn).toBe('arn:aws:iam::1:user/x');
  });
});

describe('credentialsError', () => {
  test.each([
    [{ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, 'forbidden', /AWS_PROFILE/],
    [{ name: 'ExpiredToken', message: 'The security token included in the request is expired' }, 'forbidden', /aws sso login/],
    [{ name: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'unavailable', /AWS_ENDPOINT_URL/],
  ])('%o is %s', (error, code, message) => {
    const result = credentialsError(Object.assign(new Error(error.message), { name: error.name }), null);
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
  });
});

describe('the factory with aws-sdk-client-mock', () => {
  const ec2 = mockClient(EC2Client);
  afterAll(() => ec2.restore());

  test('mocks intercept the clients it builds', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    const factory = createAwsClientFactory({ env: {}, credentials: staticCredentials });
    expect(await factory.ec2('us-east-1').send(new DescribeInstancesCommand({}))).toEqual({ Reservations: [] });
  });
});
