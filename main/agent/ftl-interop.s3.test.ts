import { GetObjectCommand, ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3rver, testS3Client, testS3Env, type S3rverHandle } from '../../test/support/s3rver';
import { ftlListPackages, ftlListRevisions, revFor, tgzBytes } from '../core/revisions/revisions.test-helpers';
import type { AgentIo } from './commands';
import { main } from './index';

// Issue 13, "FTL fleets": a bucket the agent uses, read the way the real FTL reads it
// (github.com/rhettg/ftl; see ftlListRevisions / ftlListPackages for file and line). Linux and
// macOS only, as every test of the server side (symlinks, #!/bin/sh hooks).
describe.skipIf(process.platform === 'win32')('a bucket shared with FTL (flotilla-agent in process, against s3rver)', () => {
  let server: S3rverHandle;
  let s3: S3Client;
  let dir: string;
  let env: Record<string, string>;
  // Host names hold dots; FTL would read one in a key as the end of a revision or package name.
  const host = 'ip-10-0-0-1.eu-west-1.compute.internal';
  beforeAll(async () => {
    server = await startS3rver();
    s3 = testS3Client(server.endpoint);
    dir = await mkdtemp(join(tmpdir(), 'agent-ftl-'));
    for (const pkg of ['site', 'api']) await mkdir(join(dir, 'root', pkg), { recursive: true });
    env = { ...testS3Env(server.endpoint, server.bucket), FTL_ROOT: join(dir, 'root'), FTL_STATUS_ID: host };
  });
  afterAll(async () => {
    s3.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function agent(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: AgentIo = {
      out: (t) => (stdout += t.endsWith('\n') ? t : t + '\n'),
      err: (t) => (stderr += t.endsWith('\n') ? t : t + '\n'),
      progress: () => undefined,
      write: (stream, t) => (stream === 'out' ? (stdout += t) : (stderr += t)),
    };
    const code = await main(argv, io, env);
    return { code, stdout, stderr };
  }

  const text = async (key: string) => {
    try {
      return await (await s3.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }))).Body!.transformToString();
    } catch {
      return null;
    }
  };

  test('after spool, jump --master, sync and jump, FTL lists exactly the real revisions and packages', async () => {
    // Left by an agent up to 0.1.x on this server; FTL listed it as revision site.status/ip-10-0-0-1.
    const legacy = `site.status/${host}.json`;
    await s3.send(new PutObjectCommand({ Bucket: server.bucket, Key: legacy, Body: '{"package":"site"}' }));
    // api was spooled by FTL itself: `P.<rev>.<rest>`, no metadata (ftl/remote.go:104-105).
    const apiBody = tgzBytes([{ path: 'api.txt', body: 'from ftl' }]);
    const apiRev = `api.${revFor(apiBody, '2026010100001')}`;
    await s3.send(new PutObjectCommand({ Bucket: server.bucket, Key: `${apiRev}.tgz`, Body: apiBody, ContentType: 'application/octet-stream' }));

    const release = async (name: string, body: string) => {
      await mkdir(join(dir, name));
      const file = join(dir, name, 'site.tgz');
      await writeFile(file, tgzBytes([{ path: 'index.html', body }, { path: 'ftl/post-jump', body: `#!/bin/sh\necho "post-jump says $FTL_REVISION"\n`, mode: 0o755 }]));
      return (await agent('spool', '--quiet', file)).stdout.trim();
    };
    const r1 = await release('one', 'one');
    const r2 = await release('two', 'two');
    expect(await agent('jump', '--master', r1)).toMatchObject({ code: 0 });
    expect(await agent('jump', '--master', apiRev)).toMatchObject({ code: 0 });

    const synced = await agent('sync');
    expect(synced.code, synced.stderr).toBe(0);
    // Hook output on stdout, as FTL prints it (ftl/local.go:442-445), and in hooks.log.
    expect(synced.stdout).toContain(`post-jump says ${r1}\n`);
    expect(await readFile(join(dir, 'root', 'site', 'hooks.log'), 'utf8')).toContain(`post-jump says ${r1}\n`);
    // An FTL revision has no SHA-256 to check: expected in a mixed fleet, so no warning.
    expect(synced.stderr).not.toContain('sha256');
    const jumped = await agent('jump', r2);
    expect(jumped).toMatchObject({ code: 0, stdout: expect.stringContaining(`post-jump says ${r2}\n`) });

    // ftl list --master site / api, and ftl sync's list of what to fetch: the real revisions only.
    expect(await ftlListRevisions(s3, server.bucket, 'site')).toEqual([r1, r2].sort());
    expect(await ftlListRevisions(s3, server.bucket, 'api')).toEqual([apiRev]);
    // ftl list --master: the real packages only.
    expect(await ftlListPackages(s3, server.bucket)).toEqual(['api', 'site']);

    // The report is where FTL never looks, and the old one was moved away by the agent's jump.
    const report = await text(`flotilla-status/site/ip-10-0-0-1_2Eeu-west-1_2Ecompute_2Einternal`);
    expect(JSON.parse(report!)).toMatchObject({ package: 'site', revision: r2 });
    expect(await text(legacy)).toBeNull();
    const all = ((await s3.send(new ListObjectsCommand({ Bucket: server.bucket }))).Contents ?? []).map((o) => o.Key!);
    for (const key of all) expect(key.startsWith('site.') || key.startsWith('api.') || !key.includes('.'), key).toBe(true);

    // With --json, stdout is the report alone; hook output goes to stderr.
    const json = await agent('sync', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, packages: [{ package: 'api' }, { package: 'site', current: r1 }] });
    expect(json.stderr).toContain(`post-jump says ${r1}\n`);
  });
});
