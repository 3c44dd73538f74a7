/**
 * Issue 15's "Done when", in the core: launch "Django app, branch feature/x, revision current,
 * workers=4, env from file plus one override" with EC2/STS/IAM/Secrets Manager mocked and s3rver
 * holding a spooled django_app revision.
 */
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { PROFILE, SECRET, startAppLaunch, type AppLaunch } from './app-launch.test-helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const secrets = mockClient(SecretsManagerClient);

let app: AppLaunch;
beforeAll(async () => {
  app = await startAppLaunch({ ec2, sts, iam, secrets });
});
afterAll(async () => {
  await app.close();
  for (const mock of [ec2, sts, iam, secrets]) mock.restore();
});

const LAUNCH = {
  project: 'django-app',
  gitUser: 'octocat',
  branch: 'feature/x',
  revision: 'current',
  options: { workers: '4' },
  env: { DJANGO_ALLOWED_HOSTS: 'feature-x.example.com' },
};

test('launches the current django_app revision with workers=4 and the env file plus one override', async () => {
  const result = await app.service.api.launch(LAUNCH);
  expect(result.instances).toHaveLength(1);
  expect(result.preflight.filter((i) => i.status === 'fail')).toEqual([]);
  expect(result.plan).toMatchObject({
    revision: app.release.name,
    iamInstanceProfile: PROFILE,
    options: { workers: '4', debug: 'false' },
    env: [
      { key: 'DJANGO_SECRET_KEY', source: 'env-file', reference: { kind: 'secretsmanager', name: SECRET } },
      { key: 'DJANGO_ALLOWED_HOSTS', source: 'launch', reference: null },
    ],
  });

  const runs = ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
  const launched = runs.find((r) => !r.DryRun)!;
  // The dry run sent the same request.
  expect(runs.find((r) => r.DryRun)).toMatchObject({ IamInstanceProfile: { Name: PROFILE }, UserData: launched.UserData });
  expect(launched.IamInstanceProfile).toEqual({ Name: PROFILE });
  const tags = Object.fromEntries(launched.TagSpecifications![0]!.Tags!.map((t) => [t.Key, t.Value]));
  expect(tags).toMatchObject({ 'flotilla:revision': app.release.name, 'flotilla:project': 'django-app', 'flotilla:branch': 'feature/x' });

  const userData = Buffer.from(launched.UserData!, 'base64').toString('utf8');
  // The presigned URL of the spooled object: it downloads the release.
  const url = /^REVISION_URL='([^']+)'$/m.exec(userData)![1]!;
  expect(new URL(url).pathname).toBe(`/${app.bucket}/${app.release.key}`);
  expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(app.body);
  expect(userData).toContain(`REVISION_SHA256='${app.release.sha256}'`);
  expect(userData).toContain(`REVISION='${app.release.name}'`);
  expect(userData).toContain("WORKERS='4'");
  expect(userData).toContain("DEBUG='false'");
  // The env prelude: the override replaces the file's value; the reference is fetched at boot with the profile's role.
  expect(userData).toContain(`printf '%s\\n' 'DJANGO_ALLOWED_HOSTS="feature-x.example.com"' >> "$flotilla_env_file.tmp"`);
  expect(userData).not.toContain(`'DJANGO_ALLOWED_HOSTS="*"'`);
  expect(userData).toContain(`aws secretsmanager get-secret-value --secret-id '${SECRET}' --query SecretString --region 'eu-west-1' --output text`);
  // Right after the template's #! line, inside the script the expiry guard runs.
  expect(userData).toMatch(/<<'FLOTILLA_USER_SCRIPT_EOF'\n#!\/bin\/bash\n# Flotilla: the launch's environment/);
});

test('resolveLaunch says where every value comes from before anything runs', async () => {
  const resolution = await app.service.api.resolveLaunch(LAUNCH);
  expect(resolution).toMatchObject({
    problems: [],
    revision: { package: 'django_app', ref: 'current', source: 'launch' },
    options: [
      { name: 'workers', value: '4', source: 'launch' },
      { name: 'debug', value: 'false', source: 'template' },
    ],
  });
});

test('workers=40 and an unknown option are refused before anything renders, naming the option', async () => {
  ec2.resetHistory();
  const error = (await app.service.api.launch({ ...LAUNCH, options: { workers: '40', worker: '2' } }).catch((e: unknown) => e)) as { code: string; data: { fields: unknown } };
  expect(error.code).toBe('invalid-input');
  expect(error.data.fields).toEqual([
    { field: 'option.worker', message: "unknown option 'worker'; did you mean 'workers'?" },
    { field: 'option.workers', message: expect.stringMatching(/^option workers must be a whole number from 1 to 16, not '40'/) },
  ]);
  expect(ec2.calls()).toHaveLength(0);
});
