import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3rver, testS3Client, testS3Env, type S3rverHandle } from '../../test/support/s3rver';
import { createRevisionsService } from '../core/revisions';
import { silentLogger, stallingProxy, tgzBytes } from '../core/revisions/revisions.test-helpers';
import { bundleAgent, type BundledAgent } from './agent.test-helpers';

// The server side of revisions (FTL_ROOT, the `current`/`previous` symlinks, #!/bin/sh hooks run in
// their own process group) is for Linux and macOS servers; Windows cannot make symlinks without
// privileges and has no /bin/sh, so these run on Linux and macOS only.
describe.skipIf(process.platform === 'win32')('kill -9 of the agent in the middle of a sync', () => {
  let server: S3rverHandle;
  let dir: string;
  let agent: BundledAgent;
  beforeAll(async () => {
    server = await startS3rver();
    dir = await mkdtemp(join(tmpdir(), 'agent-kill-'));
    agent = await bundleAgent();
  });
  afterAll(async () => {
    await agent?.close();
    await rm(join(dir, 'slow-post-spool'), { force: true }); // lets an orphaned hook end
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function startAgent(endpoint: string, root: string, ...argv: string[]) {
    const run = agent.start(argv, { ...testS3Env(endpoint, server.bucket), FTL_ROOT: root });
    return { ...run, exit: run.exit.then((e) => e.code) };
  }

  async function waitFor<T>(check: () => Promise<T | null | false>, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('never leaves current on an incomplete revision, and the next sync completes', async () => {
    const root = join(dir, 'root');
    await mkdir(join(root, 'big'), { recursive: true });
    const s3 = testS3Client(server.endpoint);
    const service = createRevisionsService({ s3, bucket: server.bucket, logger: silentLogger, root, lockWaitMs: 5000 });
    try {
      const small = join(dir, 'big.tgz');
      await writeFile(small, tgzBytes([{ path: 'data.bin', body: 'first' }]));
      const r1 = (await service.spool({ path: small })).name;
      await service.jumpMaster({ revision: r1 });
      expect((await service.sync()).ok).toBe(true);

      const payload = randomBytes(12 << 20);
      const slow = join(dir, 'slow-post-spool');
      await writeFile(slow, '');
      await new Promise((r) => setTimeout(r, 1100));
      await writeFile(small, tgzBytes([{ path: 'data.bin', body: payload }, { path: 'ftl/post-spool', body: `#!/bin/sh\nwhile [ -f "${slow}" ]; do sleep 0.05; done\n`, mode: 0o755 }]));
      const r2 = (await service.spool({ path: small })).name;
      const rev2 = r2.split('.')[1]!;
      await service.jumpMaster({ revision: r2 });

      // 1. Killed while downloading.
      let stalled = false;
      const proxy = await stallingProxy(server.endpoint, 4 << 20, 'stall', () => (stalled = true));
      const first = startAgent(proxy.endpoint, root, 'sync');
      await waitFor(async () => stalled && (await readdir(join(root, 'big', '.tmp')).catch(() => [])).some((n) => n.startsWith(`${rev2}-`)));
      first.child.kill('SIGKILL');
      await first.exit;
      await proxy.close();
      expect(await readlink(join(root, 'big', 'current'))).toBe(`revs/${r1.split('.')[1]}`);
      expect(await readFile(join(root, 'big', 'current', 'data.bin'), 'utf8')).toBe('first');
      expect(await stat(join(root, 'big', 'revs', rev2)).catch(() => null)).toBeNull();

      // 2. Killed while its post-spool runs (the revision is in revs/ but not finished).
      const second = startAgent(server.endpoint, root, 'sync');
      await waitFor(async () => (await readFile(join(root, 'big', 'hooks.log'), 'utf8').catch(() => '')).includes(`post-spool of ${r2}`));
      second.child.kill('SIGKILL');
      await second.exit;
      expect(await readlink(join(root, 'big', 'current'))).toBe(`revs/${r1.split('.')[1]}`);

      // 3. The next sync (a dead pid holds the lock) starts over and completes.
      await rm(slow);
      const third = startAgent(server.endpoint, root, 'sync');
      expect(await third.exit).toBe(0);
      expect(third.output()).toContain(`fetched ${r2}`);
      expect(await readlink(join(root, 'big', 'current'))).toBe(`revs/${rev2}`);
      const got = await readFile(join(root, 'big', 'current', 'data.bin'));
      expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
      expect(await readdir(join(root, 'big', '.tmp')).catch(() => [])).toEqual([]);
      const log = await readFile(join(root, 'big', 'hooks.log'), 'utf8');
      expect(log.split(`post-spool of ${r2} (`).length - 1).toBe(2); // started twice: killed, then again
      expect(log.split(`post-spool of ${r2}: exit 0`).length - 1).toBe(1);
    } finally {
      s3.destroy();
    }
  }, 45_000);
});
