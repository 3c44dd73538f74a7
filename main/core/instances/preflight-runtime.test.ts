import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, SSMClient, type DescribeParametersCommandInput } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { PreflightItem } from '../../contract/instances/launch-dto';
import type { Logger } from '../ports';
import { createInstancesService } from './service';
import { ec2Error, fakeProjects, happyAws, instanceProfileAnswer, loadedProject, testDeps, WEB_SOURCE } from './instances.test-helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const ssm = mockClient(SSMClient);
const secrets = mockClient(SecretsManagerClient);

/** An AWS error as the SDK throws it for these JSON/query services. */
const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** SSM knows `existing` parameters; DescribeParameters answers the ones a Name Equals filter names, as AWS does. */
function ssmKnows(existing: string[]): void {
  ssm.on(DescribeParametersCommand).callsFake(async (input: DescribeParametersCommandInput) => {
    const wanted = input.ParameterFilters?.find((f) => f.Key === 'Name' && f.Option === 'Equals')?.Values ?? [];
    if (wanted.length > 50) throw awsError('ValidationException', '1 validation error detected: Value at parameterFilters.1.member.values failed to satisfy constraint: Member must have length less than or equal to 50');
    return { Parameters: existing.filter((name) => wanted.includes(name)).map((Name) => ({ Name, Type: 'SecureString', Version: 1 })) };
  });
}

const PROFILE = '# fleeting-meta:iam-instance-profile = web-app\n';
const PLAIN_SECRET = 'plain-secret-from-the-file-5e1c';
const FILE = { API_URL: 'https://api.example.com', SESSION_SECRET: PLAIN_SECRET, DATABASE_URL: 'ssm:/web/db-url' };

function project(source = WEB_SOURCE, values: Record<string, string> = FILE, profile = PROFILE) {
  const envFile = Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join('');
  return fakeProjects([loadedProject('web', source.replace('set -euo', `${profile}set -euo`), `# the web app's runtime configuration\n${envFile}`)]);
}

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x', env: { STRIPE_KEY: 'secretsmanager:web/stripe' } };
const item = (items: PreflightItem[], id: string) => items.find((i) => i.id === id)!;

beforeEach(() => {
  for (const mock of [ec2, sts, iam, ssm, secrets]) mock.reset();
  happyAws(ec2, sts);
  iam.on(GetInstanceProfileCommand).resolves(instanceProfileAnswer());
  ssmKnows(['/web/db-url']);
  secrets.on(DescribeSecretCommand).resolves({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/stripe-AbCdEf', Name: 'web/stripe' });
});
afterAll(() => {
  for (const mock of [ec2, sts, iam, ssm, secrets]) mock.restore();
});

describe("pre-flight: 'instance-profile' and 'parameters'", () => {
  test('the profile exists, every reference exists: both pass, saying where each key comes from; RunInstances gets the profile', async () => {
    const { deps } = testDeps({ projects: project() });
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(true);
    expect(item(result.items, 'instance-profile')).toMatchObject({ status: 'pass', message: expect.stringContaining("Instance profile 'web-app' exists (role web-app-role)") });
    expect(item(result.items, 'parameters')).toMatchObject({
      status: 'pass',
      message:
        '4 variables: from the env file (projects/web.env): API_URL, SESSION_SECRET; read at boot: DATABASE_URL from ssm:/web/db-url, STRIPE_KEY from secretsmanager:web/stripe (launch). ' +
        'Every parameter and secret exists.',
    });
    expect(iam.commandCalls(GetInstanceProfileCommand)[0]!.args[0].input).toEqual({ InstanceProfileName: 'web-app' });
    expect(ssm.commandCalls(DescribeParametersCommand)[0]!.args[0].input.ParameterFilters).toEqual([{ Key: 'Name', Option: 'Equals', Values: ['/web/db-url'] }]);
    expect(secrets.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({ SecretId: 'web/stripe' });
    const dryRun = ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
    expect(dryRun).toMatchObject({ DryRun: true, IamInstanceProfile: { Name: 'web-app' } });
    expect(result.plan).toMatchObject({
      iamInstanceProfile: 'web-app',
      env: [
        { key: 'API_URL', source: 'env-file', reference: null },
        { key: 'SESSION_SECRET', source: 'env-file', reference: null },
        { key: 'DATABASE_URL', source: 'env-file', reference: { kind: 'ssm', name: '/web/db-url' } },
        { key: 'STRIPE_KEY', source: 'launch', reference: { kind: 'secretsmanager', name: 'web/stripe' } },
      ],
    });
    // The template sees plain values in ENV; the prelude fetches the references on the instance.
    const userData = Buffer.from(dryRun.UserData!, 'base64').toString('utf8');
    expect(userData).toContain("echo 'feature-x' 'https://api.example.com' '' ''");
    expect(userData).toContain("aws ssm get-parameter --with-decryption --name '/web/db-url'");
    expect(userData).toContain("aws secretsmanager get-secret-value --secret-id 'web/stripe'");
  });

  test('an instance-profile ARN goes to RunInstances as Arn', async () => {
    const arn = 'arn:aws:iam::123456789012:instance-profile/apps/web-app';
    const { deps } = testDeps({ projects: project(WEB_SOURCE, FILE, `# fleeting-meta:iam-instance-profile = ${arn}\n`) });
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(true);
    expect(iam.commandCalls(GetInstanceProfileCommand)[0]!.args[0].input).toEqual({ InstanceProfileName: 'web-app' });
    expect(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input.IamInstanceProfile).toEqual({ Arn: arn });
  });

  test('references without an instance profile fail, saying what to add; the dry run waits', async () => {
    const { deps } = testDeps({ projects: project(WEB_SOURCE, FILE, '') });
    const result = await createInstancesService(deps).api.preflight(input);
    expect(item(result.items, 'instance-profile')).toMatchObject({
      status: 'fail',
      message:
        "DATABASE_URL, STRIPE_KEY are read from AWS at boot with the instance's role, but projects/web.sh names no instance profile: add " +
        '`# fleeting-meta:iam-instance-profile = <name or ARN>`, a profile whose role may read them.',
    });
    expect(item(result.items, 'dry-run').status).toBe('skip');
    expect(iam.calls()).toHaveLength(0);
  });

  test('no profile and no references: skipped; no env at all: parameters skipped too', async () => {
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight({ project: 'web', gitUser: 'octocat', branch: 'feature-x' });
    expect(item(result.items, 'instance-profile').status).toBe('skip');
    expect(item(result.items, 'parameters')).toMatchObject({ status: 'skip', message: 'No environment variables (no env file, none given).' });
    expect(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input.IamInstanceProfile).toBeUndefined();
  });

  test('a profile that does not exist fails; one the caller may not read only warns', async () => {
    iam.on(GetInstanceProfileCommand).rejects(awsError('NoSuchEntityException', 'Instance Profile web-app cannot be found.', 404));
    const missing = await createInstancesService(testDeps({ projects: project() }).deps).api.preflight(input);
    expect(item(missing.items, 'instance-profile')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^Instance profile 'web-app' does not exist in this account: create it/) });

    iam.on(GetInstanceProfileCommand).rejects(awsError('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/Developer/ada is not authorized to perform: iam:GetInstanceProfile', 403));
    const denied = await createInstancesService(testDeps({ projects: project() }).deps).api.preflight(input);
    expect(item(denied.items, 'instance-profile')).toMatchObject({ status: 'warn', message: expect.stringContaining('iam:PassRole') });
    expect(denied.ok).toBe(true);
  });

  test('missing parameters and secrets fail, by key and name; the caller not allowed to look only warns', async () => {
    ssmKnows([]);
    secrets.on(DescribeSecretCommand).rejects(awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400));
    const result = await createInstancesService(testDeps({ projects: project() }).deps).api.preflight(input);
    expect(item(result.items, 'parameters')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Not found: DATABASE_URL (ssm:/web/db-url in us-east-1), STRIPE_KEY (secretsmanager:web/stripe in us-east-1). Create them'),
    });

    ssm.on(DescribeParametersCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: ssm:DescribeParameters', 400));
    const denied = await createInstancesService(testDeps({ projects: project() }).deps).api.preflight(input);
    expect(item(denied.items, 'parameters')).toMatchObject({ status: 'warn', message: expect.stringContaining('Could not check that the parameters and secrets exist') });
  });

  test('DescribeParameters is asked in batches of 50 names (its filter limit)', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `/web/p${i}`);
    ssmKnows(names);
    const values = Object.fromEntries(names.map((name, i) => [`P${i}`, `ssm:${name}`]));
    const result = await createInstancesService(testDeps({ projects: project(WEB_SOURCE, values) }).deps).api.preflight({ ...input, env: {} });
    expect(item(result.items, 'parameters').status).toBe('pass');
    expect(ssm.commandCalls(DescribeParametersCommand).map((c) => c.args[0].input.ParameterFilters![0]!.Values!.length)).toEqual([50, 10]);
  });

  test("a secret's ARN is described in the ARN's region", async () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:web/stripe-AbCdEf';
    await createInstancesService(testDeps({ projects: project() }).deps).api.preflight({ ...input, env: { STRIPE_KEY: `secretsmanager:${arn}` } });
    const call = secrets.commandCalls(DescribeSecretCommand)[0]!;
    expect(call.args[0].input).toEqual({ SecretId: arn });
    expect(await (call.thisValue as SecretsManagerClient).config.region()).toBe('eu-central-1');
  });

  test('the 16 KB user-data limit counts the environment the prelude writes', async () => {
    const big = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`BIG_${i}`, 'x'.repeat(3000)]));
    const result = await createInstancesService(testDeps({ projects: project(WEB_SOURCE, big) }).deps).api.preflight({ ...input, env: {} });
    expect(item(result.items, 'template')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^The user-data with Flotilla's expiry guard \(and the launch's environment.*EC2 allows at most 16 384 bytes\. .*keep large values in SSM or Secrets Manager\.$/) });
    expect(item(result.items, 'dry-run').status).toBe('skip');
  });

  test('no plain value of the env file and no referenced name in a value shows up in events, logs or errors', async () => {
    const logged: unknown[] = [];
    const logger: Logger = { debug: (...a) => logged.push(a), info: (...a) => logged.push(a), warn: (...a) => logged.push(a), error: (...a) => logged.push(a) };
    ssmKnows([]);
    ec2.on(RunInstancesCommand).rejects(ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const { deps, recorded } = testDeps({ projects: project() });
    const service = createInstancesService({ ...deps, ports: { ...deps.ports, logger } });
    const preflight = await service.api.preflight(input);
    const error = await service.api.launch(input).catch((e: unknown) => e);
    const resolution = await service.api.resolveLaunch(input);
    const seen = JSON.stringify([recorded.events, logged, preflight, String(error), (error as { data?: unknown }).data, resolution]);
    expect(seen).not.toContain(PLAIN_SECRET);
    expect(seen).not.toContain('https://api.example.com');
    expect(seen).toContain('SESSION_SECRET');
  });
});
