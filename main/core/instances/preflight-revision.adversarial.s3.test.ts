/**
 * Issue 15, attacker's review: the 'revision' pre-flight against a bucket written by someone else
 * (s3rver; EC2 and STS mocked). Pointers, keys, metadata and the bucket's region answer are
 * hostile: none may choose another package's release or a path, break out of the template's
 * quoting, reach the terminal as control characters, or stop the check from failing cleanly.
 */
import { spawnSync } from 'node:child_process';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetBucketLocationCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { LaunchInput, PreflightItem } from '../../contract/dto/instances';
import { hasControlCharacter } from '../../contract/text';
import { createAwsClientFactory, type AwsClientFactory } from '../aws/client-factory';
import { TEST_CREDENTIALS } from '../../../test/support/s3rver';
import { startFixture, tgzBytes, type Fixture } from '../revisions/revisions.test-helpers';
import { createInstancesService } from './service';
import { FakeClock, fakeProjects, happyAws, loadedProject, testDeps, testSettings, WEB_SOURCE } from './instances.test-helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);

/** A template of package `pkg` that prints what it gets, each value quoted with shq. */
const sourceFor = (pkg: string) =>
  WEB_SOURCE.replace('set -euo', `# fleeting-meta:package = ${pkg}\nset -euo`).replace(
    'echo {{ GIT_BRANCH | shq }} {{ ENV.API_URL | shq }} {{ REVISION | shq }} {{ REVISION_BUCKET | shq }}',
    "printf '%s\\n' {{ REVISION | shq }} {{ REVISION_SHA256 | shq }} {{ REVISION_URL | shq }}",
  );

let fx: Fixture;
const body = (text: string) => tgzBytes([{ path: 'version.txt', body: text }]);

beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.close();
  ec2.restore();
  sts.restore();
});
beforeEach(() => {
  ec2.reset();
  sts.reset();
  happyAws(ec2, sts);
});

const put = (Key: string, Body: string | Buffer, Metadata?: Record<string, string>) => fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key, Body, Metadata }));

/** `s3` wraps the factory's S3 clients (to answer GetBucketLocation as a hostile endpoint would). */
function service(pkg: string, s3?: (client: S3Client) => S3Client) {
  const real = createAwsClientFactory({ env: { AWS_ENDPOINT_URL_S3: fx.server.endpoint }, credentials: async () => TEST_CREDENTIALS });
  const clients: AwsClientFactory = s3 ? { ...real, s3: (region) => s3(real.s3(region)) } : real;
  const { deps, recorded } = testDeps({
    clients,
    projects: fakeProjects([loadedProject('web', sourceFor(pkg))]),
    settings: () => testSettings({ revisionsBucket: fx.server.bucket, ttlMaxMs: 7 * 86_400_000 }),
    ports: { ...testDeps().deps.ports, clock: new FakeClock(Date.now()) },
  });
  return { api: createInstancesService(deps).api, recorded };
}

const input: LaunchInput = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const revisionItem = (items: PreflightItem[]) => items.find((i) => i.id === 'revision')!;
const userData = () => Buffer.from(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input.UserData!, 'base64').toString('utf8');

/** The template's printf line run by sh: the three values as the instance would see them. */
function valuesOnInstance(script: string): string[] {
  const line = script.split('\n').find((l) => l.startsWith("printf '%s\\n' "))!;
  return spawnSync('sh', ['-c', line], { encoding: 'utf8' }).stdout.split('\n').slice(0, 3);
}

describe('hostile pointers', () => {
  test.each([
    ["another package's revision", (other: string) => other],
    ['a path', () => '../../etc/passwd'],
    ['a shell command', () => "p_ptr_a.2026010100001Ab'$(touch /tmp/pwned)"],
    ['control characters', () => 'p_ptr_a.2026010100001Ab\u001b[2J'],
  ])('a current pointer naming %s is ignored: the check fails and nothing is launched', async (_, value) => {
    const other = await fx.putRevision('other_site', body('other'), 'tgz', '2026010100001');
    await put('p_ptr_a.current', value(other));
    const result = await service('p_ptr_a').api.preflight(input);
    expect(revisionItem(result.items)).toMatchObject({ status: 'fail', message: expect.stringContaining('package p_ptr_a has no current revision') });
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
    expect(hasControlCharacter(JSON.stringify(result))).toBe(false);
  });

  test('a pointer too big to be one (over 64 KiB) is not read as a revision name', async () => {
    const real = await fx.putRevision('p_ptr_big', body('big'), 'tgz', '2026010100001');
    await put('p_ptr_big.current', `${real}\n${'x'.repeat(70 * 1024)}`);
    const result = await service('p_ptr_big').api.preflight(input);
    expect(revisionItem(result.items)).toMatchObject({ status: 'fail', message: expect.stringContaining('has no current revision') });
  });
});

describe('hostile objects', () => {
  test.each([
    ['a shell command', "'$(touch /tmp/pwned)'"],
    ['a digest and then a command', `${'a'.repeat(64)}'; touch /tmp/pwned; '`],
    ['65 hex digits', 'c'.repeat(65)],
  ])('sha256 metadata holding %s is not passed on: REVISION_SHA256 is empty, with a warning', async (_, sha256) => {
    const name = await fx.putRevision('p_sha', body(sha256), 'tgz', '2026010100001', sha256);
    const result = await service('p_sha').api.preflight({ ...input, revision: name });
    expect(revisionItem(result.items)).toMatchObject({ status: 'warn', message: expect.stringContaining('has no sha256 metadata') });
    expect(valuesOnInstance(userData())).toEqual([name, '', expect.stringMatching(/^http:/)]);
  });

  test('upper-case hex sha256 metadata is the digest, in lower case', async () => {
    const digest = 'ABCDEF0123456789'.repeat(4);
    const name = await fx.putRevision('p_sha_uc', body('uc'), 'tgz', '2026010100001', digest);
    await service('p_sha_uc').api.preflight({ ...input, revision: name });
    expect(valuesOnInstance(userData())[1]).toBe(digest.toLowerCase());
  });

  test("a key with quotes, $(...), backticks and spaces after the revision: the URL stays one word, percent-encoded", async () => {
    const rev = '2026010100001Ab';
    const key = `p_key.${rev}.t'$(touch pwned)\`id\` x.tgz`; // no '/': a key whose rest holds one is refused (refusedKeyReason)
    await put(key, body('key'));
    const result = await service('p_key').api.preflight({ ...input, revision: `p_key.${rev}` });
    expect(revisionItem(result.items)).toMatchObject({ status: 'warn' }); // no sha256 metadata
    const [name, , url] = valuesOnInstance(userData());
    expect(name).toBe(`p_key.${rev}`);
    expect(new URL(url!).pathname).toBe(`/${fx.server.bucket}/${encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(url).not.toMatch(/['`$ ]/);
  });
});

describe("the bucket's region answer", () => {
  const answering = (constraint: string) => (client: S3Client) => {
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    Object.assign(client, { send: (command: unknown) => (command instanceof GetBucketLocationCommand ? Promise.resolve({ LocationConstraint: constraint }) : send(command)) });
    return client;
  };

  test.each([
    ['a shell command', "eu-west-1'$(touch /tmp/pwned)"],
    ['terminal control characters', 'eu-west-1\u001b[2J\u001b]0;owned\u0007'],
    ['a host name', 'evil.example.com'],
  ])('holding %s fails the check, shown without control characters; nothing is launched', async (_, constraint) => {
    const name = await fx.putRevision('p_region', body('region'), 'tgz', '2026010100001');
    const result = await service('p_region', answering(constraint)).api.preflight({ ...input, revision: name });
    const item = revisionItem(result.items);
    expect(item).toMatchObject({ status: 'fail', message: expect.stringContaining('is not an AWS region name') });
    expect(hasControlCharacter(item.message)).toBe(false);
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });
});
