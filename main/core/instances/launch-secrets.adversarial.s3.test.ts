/**
 * Issue 15, attacker's review: plain env values (the project's env file and the launch's own) and
 * the presigned REVISION_URL go into the user-data and nowhere else: not the project's detail or
 * preview, the launch's resolution, plan or pre-flight items, the events the window receives,
 * an error (a failing pre-flight, a failing RunInstances, an unexpected failure), nor the logs.
 * The shipped Django app against s3rver, with EC2, STS, IAM and Secrets Manager mocked.
 */
import { EC2Client, RunInstancesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { Logger } from '../ports';
import { answerAsApp, startAppLaunch, type AppLaunch } from './app-launch.test-helpers';
import { ec2Error } from './instances.test-helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const secrets = mockClient(SecretsManagerClient);

const FILE_SECRET = 'file-plain-secret-4c1d';
const LAUNCH_SECRET = "launch-plain-secret-9e2b'$(x)";
/** What a leak would show of each plain value, however it was quoted on the way. */
const SECRET_MARKS = [FILE_SECRET, 'launch-plain-secret-9e2b'];
/** Parts of a presigned URL: its signature, and the signing key's id (TEST_CREDENTIALS). */
const URL_PARTS = ['X-Amz-Signature', 'X-Amz-Credential'];

const logs: unknown[] = [];
const recordingLogger: Logger = {
  debug: (...args) => void logs.push(args),
  info: (...args) => void logs.push(args),
  warn: (...args) => void logs.push(args),
  error: (...args) => void logs.push(args),
};

let app: AppLaunch;
beforeAll(async () => {
  app = await startAppLaunch({ ec2, sts, iam, secrets }, { logger: recordingLogger, envLines: [`PLAIN_API_TOKEN='${FILE_SECRET}'`] });
});
afterAll(async () => {
  await app.close();
  for (const mock of [ec2, sts, iam, secrets]) mock.restore();
});
beforeEach(() => {
  answerAsApp({ ec2, sts, iam, secrets });
  logs.length = 0;
  app.recorded.events.length = 0;
});

const LAUNCH = {
  project: 'django-app',
  gitUser: 'octocat',
  branch: 'feature/x',
  revision: 'current',
  options: { workers: '4' },
  env: { SMTP_PASSWORD: LAUNCH_SECRET },
};

/** Everything in `outputs` as text; none of it may hold a plain value or a part of the URL. */
function expectNoSecret(...outputs: unknown[]): void {
  const text = JSON.stringify(outputs, (_, value: unknown) => (value instanceof Error ? { ...value, name: value.name, message: value.message } : value));
  for (const secret of [...SECRET_MARKS, ...URL_PARTS]) expect(text).not.toContain(secret);
}

const userDataSent = () =>
  ec2
    .commandCalls(RunInstancesCommand)
    .map((c) => Buffer.from(c.args[0].input.UserData ?? '', 'base64').toString('utf8'))
    .at(-1)!;

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

test('a launch: the values and the URL are in the user-data, and in nothing the window, the CLI or the logs get', async () => {
  const detail = await app.projects.api.get({ id: 'django-app' });
  expect(detail.envFile?.entries.map((e) => e.key)).toContain('PLAIN_API_TOKEN');
  const preview = await app.projects.api.preview({ id: 'django-app', gitUser: 'octocat', gitBranch: 'feature/x' });
  const resolution = await app.service.api.resolveLaunch(LAUNCH);
  const preflight = await app.service.api.preflight(LAUNCH);
  const launched = await app.service.api.launch(LAUNCH);
  expect(launched.instances).toHaveLength(1);
  // They did reach the instance (so their absence elsewhere means something).
  expect(userDataSent()).toContain(FILE_SECRET);
  expect(userDataSent()).toContain(`SMTP_PASSWORD="launch-plain-secret-9e2b'\\''\\$(x)"`);
  expect(userDataSent()).toContain('X-Amz-Signature=');
  expectNoSecret(detail, await app.projects.api.list({}), preview, resolution, preflight, launched, app.recorded, logs);
});

test('a failing pre-flight: the error, its pre-flight items and the events hold no value', async () => {
  iam.on(GetInstanceProfileCommand).rejects(Object.assign(new Error('Instance Profile django-app cannot be found.'), { name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } }));
  const error = await failure(() => app.service.api.launch(LAUNCH));
  expect(error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('Pre-flight failed, nothing was launched') });
  expectNoSecret(error, app.recorded, logs);
});

test('an unexpected failure in a check is logged by its message only', async () => {
  secrets.on(DescribeSecretCommand).rejects(new Error('socket hang up'));
  const result = await app.service.api.preflight(LAUNCH);
  expect(result.items.find((i) => i.id === 'parameters')).toMatchObject({ status: 'fail', message: expect.stringContaining('socket hang up') });
  expectNoSecret(result, app.recorded, logs);
});

test('a failing RunInstances: the error names the code and AWS message, not the user-data', async () => {
  ec2.on(RunInstancesCommand).callsFake(async (input: RunInstancesCommandInput) => {
    if (input.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    throw ec2Error('InsufficientInstanceCapacity', 'We currently do not have sufficient t3.medium capacity in the Availability Zone you requested.', 500);
  });
  const error = await failure(() => app.service.api.launch(LAUNCH));
  expect(error).toMatchObject({ message: expect.stringContaining('InsufficientInstanceCapacity') });
  expect(userDataSent()).toContain(FILE_SECRET);
  expectNoSecret(error, app.recorded, logs);
});
