/**
 * Issue 15's "Done when" from the CLI: `flotilla launch django-app --branch feature/x --revision
 * current --option workers=4 --env ...` against the same fixture as the core test (s3rver holding a
 * spooled django_app revision; EC2, STS, IAM and Secrets Manager mocked).
 */
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { LaunchResult } from '../../contract/dto/instances';
import { startAppLaunch, type AppLaunch } from '../../core/instances/app-launch.test-helpers';
import type { Output } from '../context';
import { launchCommand } from './instances-launch';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const secrets = mockClient(SecretsManagerClient);

let app: AppLaunch;
let out: string[];
let err: string[];
const io: Output = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
beforeAll(async () => {
  app = await startAppLaunch({ ec2, sts, iam, secrets });
});
beforeEach(() => {
  out = [];
  err = [];
  ec2.resetHistory();
});
afterAll(async () => {
  await app.close();
  for (const mock of [ec2, sts, iam, secrets]) mock.restore();
});

const ARGS = ['django-app', '--user', 'octocat', '--branch', 'feature/x', '--revision', 'current', '--option', 'workers=4', '--env', 'DJANGO_ALLOWED_HOSTS=feature-x.example.com'];

test('launches, and prints the revision, the option values and where each env var comes from', async () => {
  expect(await launchCommand(app.service.api, ARGS, io)).toBe(0);
  expect(out).toContain(`Revision ${app.release.name}`);
  expect(out).toContain('Options workers=4, debug=false');
  expect(out).toContain('Environment DJANGO_SECRET_KEY (secretsmanager:django-app/secret-key, read at boot), DJANGO_ALLOWED_HOSTS (launch)');
  expect(out.some((l) => l.startsWith(`  ok   Revision can be fetched: ${app.release.name} (current) in bucket`))).toBe(true);
  const launched = ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input).find((r) => !r.DryRun)!;
  const userData = Buffer.from(launched.UserData!, 'base64').toString('utf8');
  expect(userData).toContain("WORKERS='4'");
  expect(userData).toContain(`REVISION='${app.release.name}'`);
  expect(launched.IamInstanceProfile).toEqual({ Name: 'django-app' });
  // The presigned URL is in the user-data only, never printed.
  expect([...out, ...err].join('\n')).not.toContain('X-Amz-Signature');
});

test('--json includes the revision, the options and the env sources (no values)', async () => {
  expect(await launchCommand(app.service.api, [...ARGS, '--json'], io)).toBe(0);
  const result = JSON.parse(out.join('\n')) as LaunchResult;
  expect(result.plan).toMatchObject({ revision: app.release.name, options: { workers: '4', debug: 'false' }, iamInstanceProfile: 'django-app' });
  expect(result.plan.env.map((e) => [e.key, e.source])).toEqual([
    ['DJANGO_SECRET_KEY', 'env-file'],
    ['DJANGO_ALLOWED_HOSTS', 'launch'],
  ]);
  expect(out.join('\n')).not.toContain('feature-x.example.com');
});

test('an invalid option value is bad usage (exit 2), naming the option and what it takes; nothing is checked or started', async () => {
  expect(await launchCommand(app.service.api, ['django-app', '--user', 'octocat', '--branch', 'feature/x', '--option', 'workers=lots'], io)).toBe(2);
  expect(err[0]).toMatch(/^flotilla launch: Cannot launch django-app: option workers must be a whole number from 1 to 16, not 'lots'/);
  expect(ec2.calls()).toHaveLength(0);
});

test('a revision of another package is refused, saying which forms are taken', async () => {
  expect(await launchCommand(app.service.api, ['django-app', '--user', 'octocat', '--branch', 'feature/x', '--revision', 'my_site.2026112200007Ab'], io)).toBe(2);
  expect(err[0]).toContain("revision 'my_site.2026112200007Ab' is of package my_site, but django-app deploys django_app; give current, previous or django_app.<rev>");
});
