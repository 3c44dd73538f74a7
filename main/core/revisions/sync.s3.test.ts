import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testS3Client } from '../../../test/support/s3rver';
import { createRevisionsService } from './service';
import { statusKey } from './status';
import { revFor, silentLogger, stallingProxy, startFixture, tgzBytes, type Fixture, type TarEntrySpec } from './revisions.test-helpers';

const HOOKS = ['post-spool', 'pre-jump', 'un-jump', 'post-jump', 'pre-remove'] as const;

/** A hook that appends one line naming itself and its environment to <dir>/events.log. */
function recorder(name: string): string {
  return `#!/bin/sh\necho "${name} pkg=$FTL_PACKAGE rev=$FTL_REVISION prev=$FTL_PREVIOUS root=$FTL_ROOT cwd=$(pwd)" >> "$FTL_ROOT/../events.log"\necho "output of ${name}"\n`;
}

function release(content: string, hooks: Partial<Record<(typeof HOOKS)[number] | 'post-sync.sh', string>> = {}, style: 'plain' | 'sh' = 'plain'): Buffer {
  const entries: TarEntrySpec[] = [
    { path: 'app/', type: '5' },
    { path: 'app/version.txt', body: content },
    { path: 'ftl/', type: '5' },
  ];
  for (const [hook, body] of Object.entries(hooks)) {
    const file = hook.endsWith('.sh') || style === 'plain' ? hook : `${hook}.sh`;
    entries.push({ path: `ftl/${file}`, body, mode: 0o755 });
  }
  return tgzBytes(entries);
}

const allHooks = (style: 'plain' | 'sh') => Object.fromEntries(HOOKS.map((h) => [h, recorder(h)]));

// The server side of revisions (FTL_ROOT, the `current`/`previous` symlinks, #!/bin/sh hooks run in
// their own process group) is for Linux and macOS servers; Windows cannot make symlinks without
// privileges and has no /bin/sh, so these run on Linux and macOS only.
describe.skipIf(process.platform === 'win32')('sync against s3rver', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture();
  });
  afterEach(() => fx.close());

  const events = async () => (await readFile(join(fx.dir, 'events.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
  const link = (pkg: string, name: string) => readlink(join(fx.root, pkg, name)).catch(() => null);

  test('fetches, runs the hooks in order with their environment, jumps, sets previous, removes what is gone', async () => {
    await mkdir(join(fx.root, 'app'));
    let shown = '';
    const service = fx.service({ statusId: 'i-0123456789abcdef0', host: 'web-1', hookOutput: (text) => (shown += text) });
    const r1 = await fx.putRevision('app', release('one', allHooks('plain')), 'tgz', '2026112200001');
    await service.jumpMaster({ revision: r1 });
    const first = await service.sync();
    expect(first.ok).toBe(true);
    expect(first.packages[0]).toMatchObject({ package: 'app', downloaded: [r1], current: r1, previous: null, removed: [], errors: [] });
    const rev1 = r1.split('.')[1]!;
    const dir1 = join(fx.root, 'app', 'revs', rev1);
    expect(await events()).toEqual([
      `post-spool pkg=app rev=${r1} prev= root=${fx.root} cwd=${dir1}`,
      `pre-jump pkg=app rev=${r1} prev= root=${fx.root} cwd=${dir1}`,
      `post-jump pkg=app rev=${r1} prev= root=${fx.root} cwd=${dir1}`,
    ]);
    expect(await readFile(join(fx.root, 'app', 'current', 'app', 'version.txt'), 'utf8')).toBe('one');
    expect(await readFile(join(fx.root, 'app', 'hooks.log'), 'utf8')).toContain('output of post-jump');
    // Shown as it comes too (FTL prints hook output on stdout): the log without its === lines.
    expect(shown).toBe('output of post-spool\noutput of pre-jump\noutput of post-jump\n');
    const logged = (await readFile(join(fx.root, 'app', 'hooks.log'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('=== '));
    expect(logged.join('\n') + '\n').toBe(shown);

    // The second release uses <name>.sh hooks and post-sync.sh for post-spool.
    const hooks2 = { ...allHooks('sh'), 'post-sync.sh': recorder('post-sync') };
    delete (hooks2 as Record<string, string>)['post-spool'];
    const r2 = await fx.putRevision('app', release('two', hooks2, 'sh'), 'tgz', '2026112200002');
    await service.jumpMaster({ revision: r2 });
    await writeFile(join(fx.dir, 'events.log'), '');
    const second = await service.sync();
    expect(second.packages[0]).toMatchObject({ downloaded: [r2], current: r2, previous: r1, errors: [] });
    const dir2 = join(fx.root, 'app', 'revs', r2.split('.')[1]!);
    expect(await events()).toEqual([
      `post-sync pkg=app rev=${r2} prev=${r1} root=${fx.root} cwd=${dir2}`,
      `pre-jump pkg=app rev=${r2} prev=${r1} root=${fx.root} cwd=${dir2}`,
      `un-jump pkg=app rev=${r1} prev=${r1} root=${fx.root} cwd=${dir1}`,
      `post-jump pkg=app rev=${r2} prev=${r1} root=${fx.root} cwd=${dir2}`,
    ]);
    expect(await link('app', 'current')).toBe(`revs/${r2.split('.')[1]}`);
    expect(await link('app', 'previous')).toBe(`revs/${rev1}`);
    const status = await fx.s3.send(new GetObjectCommand({ Bucket: fx.server.bucket, Key: statusKey('app', 'i-0123456789abcdef0') }));
    expect(JSON.parse(await status.Body!.transformToString())).toMatchObject({ package: 'app', revision: r2, host: 'web-1', time: expect.any(String) });

    // Local jump-back swaps, with the hooks in the same order.
    await writeFile(join(fx.dir, 'events.log'), '');
    expect(await service.jumpBack({ package: 'app' })).toMatchObject({ current: r1, previous: r2, changed: true, postJumpFailure: null });
    expect((await events()).map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([`pre-jump pkg=app`, `un-jump pkg=app`, `post-jump pkg=app`]);
    expect(await service.jump({ revision: r1 })).toMatchObject({ changed: false });

    // A third release; r1 is purged from the bucket, so the server removes it (pre-remove first).
    const r3 = await fx.putRevision('app', release('three', allHooks('plain')), 'tgz', '2026112200003');
    await service.jumpMaster({ revision: r3 });
    await service.purgeMaster({ revision: r1 });
    await writeFile(join(fx.dir, 'events.log'), '');
    const third = await service.sync();
    expect(third.packages[0]).toMatchObject({ downloaded: [r3], current: r3, previous: r2, removed: [r1], errors: [] });
    expect((await events()).map((e) => e.split(' ')[0])).toEqual(['post-spool', 'pre-jump', 'un-jump', 'post-jump', 'pre-remove']);
    expect(await readdir(join(fx.root, 'app', 'revs'))).toEqual([r2, r3].map((r) => r.split('.')[1]));
    expect((await service.listLocalRevisions({ package: 'app' })).map((r) => [r.name, r.current, r.previous])).toEqual([
      [r2, false, true],
      [r3, true, false],
    ]);
  });

  test('stops on a failing pre-jump, keeps the switch on a failing post-jump, kills a hook past its timeout', async () => {
    await mkdir(join(fx.root, 'app'));
    const service = fx.service({ hookTimeoutMs: 300 });
    const r1 = await fx.putRevision('app', release('one'), 'tgz', '2026112200001');
    await service.jumpMaster({ revision: r1 });
    await service.sync();
    const r2 = await fx.putRevision('app', release('two', { 'pre-jump': '#!/bin/sh\necho nope >&2\nexit 3\n' }), 'tgz', '2026112200002');
    await service.jumpMaster({ revision: r2 });
    const refused = (await service.sync()).packages[0]!;
    expect(refused.current).toBe(r1);
    expect(refused.hookFailures).toMatchObject([{ hook: 'pre-jump', revision: r2, exitCode: 3, timedOut: false, outputTail: 'nope' }]);
    expect(refused.errors[0]).toContain('exited 3');

    const r3 = await fx.putRevision('app', release('three', { 'post-jump': '#!/bin/sh\nexit 4\n' }), 'tgz', '2026112200003');
    await service.jumpMaster({ revision: r3 });
    const kept = (await service.sync()).packages[0]!;
    expect(kept.current, JSON.stringify(kept)).toBe(r3);
    expect(kept.hookFailures).toMatchObject([{ hook: 'post-jump', exitCode: 4 }]);

    const r4 = await fx.putRevision('app', release('four', { 'pre-jump': '#!/bin/sh\nsleep 20\n' }), 'tgz', '2026112200004');
    await service.jumpMaster({ revision: r4 });
    const started = Date.now();
    const slow = (await service.sync()).packages[0]!;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(slow.current).toBe(r3);
    expect(slow.hookFailures).toMatchObject([{ hook: 'pre-jump', timedOut: true, exitCode: null }]);
  });

  test('keeps at most K older revisions, never current or previous', async () => {
    await mkdir(join(fx.root, 'app'));
    const service = fx.service({ keep: 1 });
    const names: string[] = [];
    for (let i = 1; i <= 5; i++) {
      names.push(await fx.putRevision('app', release(`v${i}`), 'tgz', `202611220000${i}`));
      await service.jumpMaster({ revision: names.at(-1)! });
      await service.sync();
    }
    // current v5, previous v4, one more older (v3); v1 and v2 pruned
    expect((await service.listLocalRevisions({ package: 'app' })).map((r) => r.name)).toEqual(names.slice(2));
  });

  test('fetches of the revisions the bucket jumped over only those it keeps, so the next sync fetches nothing', async () => {
    await mkdir(join(fx.root, 'app'));
    const service = fx.service({ keep: 1 });
    const names: string[] = [];
    names.push(await fx.putRevision('app', release('v1'), 'tgz', '2026112200001'));
    await service.jumpMaster({ revision: names[0]! });
    await service.sync();
    for (let i = 2; i <= 5; i++) names.push(await fx.putRevision('app', release(`v${i}`), 'tgz', `202611220000${i}`));
    await service.jumpMaster({ revision: names[4]! });
    expect((await service.sync()).packages[0]).toMatchObject({ downloaded: [names[3], names[4]], removed: [], errors: [] });
    expect((await service.sync()).packages[0]).toMatchObject({ downloaded: [], removed: [], errors: [] });
    expect((await service.listLocalRevisions({ package: 'app' })).map((r) => r.name)).toEqual([names[0], names[3], names[4]]);
  });

  test('says once per revision, at info, that a revision spooled by FTL has no SHA-256 to check', async () => {
    await mkdir(join(fx.root, 'app'));
    const said: Array<[string, string]> = [];
    const logger = { debug: (m: string) => void said.push(['debug', m]), info: (m: string) => void said.push(['info', m]), warn: (m: string) => void said.push(['warn', m]), error() {} };
    // As FTL spools (rhettg/ftl ftl/remote.go:104-105): a PUT of `P.<rev>.<rest>`, no metadata.
    const body = release('ftl');
    const rev = revFor(body, '2026112200001');
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: `app.${rev}.tgz`, Body: body, ContentType: 'application/octet-stream' }));
    const service = fx.service({ logger });
    await service.jumpMaster({ revision: `app.${rev}` });
    const about = (level: string) => said.filter(([l, m]) => l === level && m.includes(`app.${rev} has no sha256 metadata (spooled by FTL`));
    expect((await service.sync()).ok).toBe(true);
    expect(about('info')).toHaveLength(1);
    expect(about('warn')).toEqual([]);
    expect(await service.sync()).toMatchObject({ ok: true, packages: [{ downloaded: [] }] });
    // Fetched again (its folder was removed by hand while it was not current): not said again.
    await service.jumpMaster({ revision: await fx.putRevision('app', release('two'), 'tgz', '2026112200002') });
    await service.sync();
    await rm(join(fx.root, 'app', 'revs', rev), { recursive: true });
    await service.jumpBackMaster({ package: 'app' });
    expect((await service.sync()).packages[0]).toMatchObject({ downloaded: [`app.${rev}`], errors: [] });
    expect(about('info')).toHaveLength(1);
    expect(about('debug')).toHaveLength(1);
    expect(await readFile(join(fx.root, 'app', '.sha256-unchecked'), 'utf8')).toBe(`${rev}\n`);
  });

  test('refuses a revision whose bytes were changed in the bucket, keeping nothing of it', async () => {
    await mkdir(join(fx.root, 'app'));
    const service = fx.service();
    const good = release('genuine');
    const name = await fx.putRevision('app', good, 'tgz', '2026112200001');
    const key = `${name}.tgz`;
    const tampered = release('tampered');
    const metadata = { sha256: createHash('sha256').update(good).digest('hex') };
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: tampered, Metadata: metadata }));
    await service.jumpMaster({ revision: name });
    const report = (await service.sync()).packages[0]!;
    expect(report.errors.join('\n')).toMatch(/Refused .*SHA-256/);
    expect(report.current).toBeNull();
    expect(await readdir(join(fx.root, 'app', 'revs'))).toEqual([]);
    expect(await readdir(join(fx.root, 'app', '.tmp')).catch(() => [])).toEqual([]);

    // Without sha256 metadata (as FTL spools), FTL's 2-character MD5 check still catches it.
    await fx.s3.send(new PutObjectCommand({ Bucket: fx.server.bucket, Key: key, Body: tampered }));
    expect((await service.sync()).packages[0]!.errors.join('\n')).toMatch(/MD5 starts with/);
  });

  test('runs one sync per package at a time: a second waits, or fails naming the holder; a dead holder is taken over', async () => {
    await mkdir(join(fx.root, 'app'));
    await writeFile(join(fx.root, '.lock'), 'a stray file in the root');
    const r1 = await fx.putRevision('app', release('one', { 'post-spool': '#!/bin/sh\nsleep 1\n' }), 'tgz', '2026112200001');
    await fx.service().jumpMaster({ revision: r1 });
    const first = fx.service().sync();
    await new Promise((r) => setTimeout(r, 300));
    const impatient = await fx.service({ lockWaitMs: 0 }).sync();
    expect(impatient.packages[0]!.errors[0]).toContain(`held by process ${process.pid} (sync of app`);
    const patient = fx.service({ lockWaitMs: 10_000 }).sync();
    expect((await first).packages[0]).toMatchObject({ current: r1, errors: [] });
    expect((await patient).packages[0]).toMatchObject({ current: r1, downloaded: [], errors: [] });

    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(fx.root, 'app', '.lock'), JSON.stringify({ pid: dead, purpose: 'sync of app', since: 'then', token: 'x' }));
    expect((await fx.service({ lockWaitMs: 0 }).sync()).packages[0]!.errors).toEqual([]);
  });

  test('reports a connection cut in the middle of a download, keeps nothing of it, and fetches it next time', async () => {
    await mkdir(join(fx.root, 'app'));
    const payload = randomBytes(3 << 20);
    const name = await fx.putRevision('app', tgzBytes([{ path: 'data.bin', body: payload }]), 'tgz', '2026112200001');
    await fx.service().jumpMaster({ revision: name });
    const proxy = await stallingProxy(fx.server.endpoint, 1 << 20, 'cut');
    const s3 = testS3Client(proxy.endpoint);
    try {
      const cut = (await createRevisionsService({ s3, bucket: fx.server.bucket, logger: silentLogger, root: fx.root, lockWaitMs: 0 }).sync()).packages[0]!;
      expect(cut.errors.join('\n')).toMatch(/Could not download|download/);
      expect(cut.current).toBeNull();
      expect(await readdir(join(fx.root, 'app', 'revs'))).toEqual([]);
    } finally {
      s3.destroy();
      await proxy.close();
    }
    expect((await fx.service().sync()).packages[0]).toMatchObject({ current: name, errors: [] });
    expect((await readFile(join(fx.root, 'app', 'current', 'data.bin'))).equals(payload)).toBe(true);
  });
});
