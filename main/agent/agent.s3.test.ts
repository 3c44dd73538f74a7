import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3rver, testS3Client, testS3Env, type S3rverHandle } from '../../test/support/s3rver';
import { tgzBytes } from '../core/revisions/revisions.test-helpers';
import type { AgentIo } from './commands';
import { main } from './index';

describe('flotilla-agent (in process, against s3rver)', () => {
  let server: S3rverHandle;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startS3rver();
    dir = await mkdtemp(join(tmpdir(), 'agent-'));
    await mkdir(join(dir, 'root', 'site'), { recursive: true });
    env = { ...testS3Env(server.endpoint, server.bucket), FTL_ROOT: join(dir, 'root'), FTL_STATUS_ID: 'test-host' };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function agent(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: AgentIo = {
      out: (t) => (stdout += t + '\n'),
      err: (t) => (stderr += t + '\n'),
      progress: (t) => (stderr += t + '\n'),
      write: (stream, t) => (stream === 'out' ? (stdout += t) : (stderr += t)),
    };
    const code = await main(argv, io, env);
    return { code, stdout, stderr };
  }

  test('--help works for the agent and for each command', async () => {
    const top = await agent('--help');
    expect(top.code).toBe(0);
    for (const command of ['spool', 'list', 'sync', 'jump', 'jump-back', 'purge', 'FTL_BUCKET', 'FTL_ROOT']) expect(top.stdout).toContain(command);
    for (const command of ['spool', 'list', 'sync', 'jump', 'jump-back', 'purge']) {
      const one = await agent(command, '--help');
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`Usage: flotilla-agent ${command}`);
    }
  });

  test('exits 1 with a message on bad usage or missing configuration', async () => {
    expect(await agent()).toMatchObject({ code: 1 });
    expect((await agent('lanch')).stderr).toContain("unknown command 'lanch'");
    expect((await agent('purge', 'site.2026112200001Ab')).stderr).toContain('purge --master');
    expect((await agent('sync', '--master')).stderr).toContain('sync does not take --master');
    expect((await agent('sync', '--keep', 'lots')).stderr).toContain('--keep must be');
    expect((await agent('jump')).stderr).toContain('usage: flotilla-agent jump');
    const saved = env.FTL_BUCKET!;
    delete (env as Record<string, string | undefined>).FTL_BUCKET;
    try {
      const missing = await agent('list', '--master');
      expect(missing).toMatchObject({ code: 1 });
      expect(missing.stderr).toContain('FTL_BUCKET is not set');
    } finally {
      env.FTL_BUCKET = saved;
    }
  });

  // Local sync (the `current` symlink, a #!/bin/sh hook) is for Linux and macOS servers; Windows
  // cannot make symlinks without privileges and has no /bin/sh.
  test.skipIf(process.platform === 'win32')('spools, lists, jumps, syncs, jumps back and purges; a failed hook gives its exit code', async () => {
    const make = async (name: string, content: string, postJump = 'exit 0') => {
      const file = join(dir, name);
      await writeFile(file, tgzBytes([{ path: 'index.html', body: content }, { path: 'ftl/post-jump', body: `#!/bin/sh\n${postJump}\n`, mode: 0o755 }]));
      return file;
    };
    const spooled = await agent('spool', await make('site.tgz', 'one'));
    expect(spooled.code).toBe(0);
    const r1 = spooled.stdout.trim();
    expect(r1).toMatch(/^site\.\d{13}[0-9A-Za-z_]{2}$/);
    expect(spooled.stderr).toMatch(/uploading 100%/);
    expect((await agent('jump', '--master', r1)).stdout).toContain(`bucket current ${r1}`);
    expect((await agent('list', '--master')).stdout).toContain(`site\tcurrent ${r1}`);

    expect(await agent('sync')).toMatchObject({ code: 0, stdout: expect.stringContaining(`site: current ${r1}`) });
    expect(await readFile(join(dir, 'root', 'site', 'current', 'index.html'), 'utf8')).toBe('one');

    await new Promise((r) => setTimeout(r, 1100)); // a new second, so a new rev
    const r2 = (await agent('spool', '--quiet', await make('site.tar.gz', 'two', 'echo broken >&2; exit 7'))).stdout.trim();
    expect(r2 > r1).toBe(true);
    await agent('jump', '--master', r2);
    const failed = await agent('sync');
    expect(failed.code).toBe(7);
    expect(failed.stderr).toContain('post-jump hook of');
    expect(failed.stderr).toContain('broken');
    expect(await readlink(join(dir, 'root', 'site', 'current'))).toBe(`revs/${r2.split('.')[1]}`);

    const local = await agent('list', 'site', '--json');
    expect(JSON.parse(local.stdout).map((r: { name: string; current: boolean }) => [r.name, r.current])).toEqual([
      [r1, false],
      [r2, true],
    ]);
    expect(await agent('jump-back', 'site')).toMatchObject({ code: 0, stdout: `site: now on ${r1} (previous ${r2})\n` });
    expect((await agent('jump', r1)).stdout).toContain('already on');
    const s3 = testS3Client(server.endpoint);
    try {
      const status = await s3.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'flotilla-status/site/test-host' }));
      expect(JSON.parse(await status.Body!.transformToString())).toMatchObject({ package: 'site', revision: r1 });
      await s3.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'site.2020010100001Aa.tgz', Body: 'old' }));
    } finally {
      s3.destroy();
    }
    expect((await agent('purge', '--master', r2)).code).toBe(1); // current in the bucket
    expect(await agent('purge', '--master', 'site.2020010100001Aa')).toMatchObject({ code: 0, stdout: 'purged site.2020010100001Aa.tgz\n' });
    expect(await agent('jump-back', '--master', 'site')).toMatchObject({ code: 0, stdout: expect.stringContaining(`bucket current ${r1}`) });
  });
});
