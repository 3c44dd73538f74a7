/**
 * The 'revision' pre-flight check against s3rver (a real S3 protocol server): pointers, objects,
 * metadata and a presigned URL that really downloads. EC2 and STS are mocked.
 */
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { LaunchInput, PreflightItem } from '../../contract/instances/launch-dto';
import { createAwsClientFactory } from '../aws/client-factory';
import { TEST_CREDENTIALS } from '../../../test/support/s3rver';
import { startFixture, tgzBytes, type Fixture } from '../revisions/revisions.test-helpers';
import { createInstancesService } from './service';
import { FakeClock, fakeProjects, loadedProject, mockedAws, testDeps, testSettings, WEB_SOURCE } from './instances.test-helpers';

const { ec2 } = mockedAws();

const SOURCE = WEB_SOURCE.replace('set -euo', '# fleeting-meta:package = web_site\nset -euo').replace(
  "echo {{ GIT_BRANCH | shq }} {{ ENV.API_URL | shq }} {{ REVISION | shq }} {{ REVISION_BUCKET | shq }}",
  'echo {{ REVISION | shq }} {{ REVISION_BUCKET | shq }} {{ REVISION_SHA256 | shq }}\ncurl -fsSL {{ REVISION_URL | shq }} -o /tmp/release.tgz',
);

let fx: Fixture;
let older: string;
let newer: string;
const body = (text: string) => tgzBytes([{ path: 'version.txt', body: text }]);

beforeAll(async () => {
  fx = await startFixture();
  older = await fx.putRevision('web_site', body('one'), 'tgz', '2026010100001');
  newer = await fx.putRevision('web_site', body('two'), 'tgz', '2026010200001');
  await fx.service().jumpMaster({ revision: older });
  await fx.service().jumpMaster({ revision: newer });
});
afterAll(async () => {
  await fx.close();
});

interface Options {
  bucket?: string | null;
  ttlMaxMs?: number;
  source?: string;
  credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
}

/** A service whose S3 is s3rver, its clock at real time (s3rver checks a presigned URL's expiry against it). */
function service({ bucket = fx.server.bucket, source = SOURCE, credentials = async () => TEST_CREDENTIALS, ttlMaxMs = 7 * 86_400_000 }: Options = {}) {
  const clients = createAwsClientFactory({ env: { AWS_ENDPOINT_URL_S3: fx.server.endpoint }, credentials });
  const { deps, recorded } = testDeps({
    clients,
    projects: fakeProjects([loadedProject('web', source)]),
    settings: () => testSettings({ revisionsBucket: bucket, ttlMaxMs }),
    ports: { ...testDeps().deps.ports, clock: new FakeClock(Date.now()) },
  });
  return { api: createInstancesService(deps).api, recorded };
}

const input: LaunchInput = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const revisionItem = (items: PreflightItem[]) => items.find((i) => i.id === 'revision')!;
const dryRunRequest = () => ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
const userDataOf = () => Buffer.from(dryRunRequest().UserData!, 'base64').toString('utf8');
const urlIn = (userData: string) => /curl -fsSL '([^']+)'/.exec(userData)![1]!;

describe("pre-flight 'revision' (s3rver)", () => {
  test('current resolves through the pointer; the template gets name, bucket, SHA-256 and a presigned URL that downloads it', async () => {
    const { api, recorded } = service();
    const result = await api.preflight(input);
    expect(result.ok).toBe(true);
    const item = revisionItem(result.items);
    expect(item.status).toBe('pass');
    expect(item.message).toMatch(new RegExp(`^${newer} \\(current\\) in bucket 'flotilla-test' \\(us-east-1\\), [\\d.]+ (B|KiB|MiB), SHA-256 [0-9a-f]{12}…\\. The instances fetch it with a presigned URL \\(REVISION_URL\\) valid until \\S+Z, so they need no role for it\\.$`));
    const userData = userDataOf();
    expect(userData).toMatch(new RegExp(`echo '${newer}' 'flotilla-test' '[0-9a-f]{64}'`));
    const url = urlIn(userData);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('86400'); // the 24 h TTL
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(body('two'));
    // Tagged, and named (not its URL) in the plan; the URL is in no event.
    expect(Object.fromEntries(dryRunRequest().TagSpecifications![0]!.Tags!.map((t) => [t.Key, t.Value]))['flotilla:revision']).toBe(newer);
    expect(result.plan.revision).toBe(newer);
    expect(JSON.stringify([recorded.events, result])).not.toContain('X-Amz-Signature');
  });

  test('previous and a revision by name resolve too; the URL lives max(TTL, 1 h) up to 7 days', async () => {
    const previous = await service().api.preflight({ ...input, revision: 'previous', ttl: '30m' });
    expect(revisionItem(previous.items).message.startsWith(`${older} (previous) in bucket`)).toBe(true);
    expect(new URL(urlIn(userDataOf())).searchParams.get('X-Amz-Expires')).toBe('3600');
    ec2.resetHistory();
    const named = await service({ ttlMaxMs: 30 * 86_400_000 }).api.preflight({ ...input, revision: older, ttl: '10d' });
    expect(revisionItem(named.items).message).toContain(`${older} in bucket`);
    expect(revisionItem(named.items).message).toContain('(SigV4 URLs live at most 7 days, less than the TTL)');
    expect(new URL(urlIn(userDataOf())).searchParams.get('X-Amz-Expires')).toBe('604800');
  });

  test('a package without a current revision fails, saying to spool one or pick one; the dry run waits', async () => {
    const source = SOURCE.replace('package = web_site', 'package = empty_site');
    const result = await service({ source }).api.preflight(input);
    expect(revisionItem(result.items)).toMatchObject({
      status: 'fail',
      message: "package empty_site has no current revision in bucket 'flotilla-test'; spool one (Revisions page, or flotilla-agent spool) or pick a revision.",
    });
    expect(result.items.find((i) => i.id === 'dry-run')!.status).toBe('skip');
  });

  test('no revisions bucket in Settings fails, saying where to set it', async () => {
    const result = await service({ bucket: null }).api.preflight(input);
    expect(revisionItem(result.items)).toMatchObject({ status: 'fail', message: expect.stringContaining('no revisions bucket is set: set Settings → Revisions bucket') });
  });

  test('a revision the bucket does not have fails', async () => {
    const result = await service().api.preflight({ ...input, revision: 'web_site.2020010100001Zz' });
    expect(revisionItem(result.items)).toMatchObject({ status: 'fail', message: "bucket 'flotilla-test' has no revision web_site.2020010100001Zz; pick one the Revisions page lists." });
  });

  test('an object without sha256 metadata warns, and the template gets an empty REVISION_SHA256', async () => {
    const rev = '2026010300001Ab';
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: `web_site.${rev}.tgz`, Body: body('three') }));
    const result = await service().api.preflight({ ...input, revision: `web_site.${rev}` });
    expect(revisionItem(result.items)).toMatchObject({ status: 'warn', message: expect.stringContaining('has no sha256 metadata') });
    expect(result.ok).toBe(true);
    expect(userDataOf()).toContain(`echo 'web_site.${rev}' 'flotilla-test' ''`);
  });

  test('temporary credentials: a warning with the time the URL stops working', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    const result = await service({ credentials: async () => ({ ...TEST_CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEXAMPLE', expiration }) }).api.preflight(input);
    const item = revisionItem(result.items);
    expect(item.status).toBe('warn');
    expect(item.message).toContain(`signed with temporary credentials, so it stops working when they expire at ${expiration.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  });

  test('a bucket in another region than the launch works, and the check says so', async () => {
    const result = await service().api.preflight({ ...input, region: 'eu-west-1' });
    expect(revisionItem(result.items).message).toContain('The bucket is in us-east-1, the instances in eu-west-1');
  });

  test('a template without a package skips the check and gets no revision', async () => {
    const result = await service({ source: WEB_SOURCE }).api.preflight(input);
    expect(revisionItem(result.items)).toMatchObject({ status: 'skip', message: 'projects/web.sh deploys no package (fleeting-meta:package).' });
    expect(result.plan.revision).toBeNull();
    expect(dryRunRequest().TagSpecifications![0]!.Tags!.some((t) => t.Key === 'flotilla:revision')).toBe(false);
  });
});
