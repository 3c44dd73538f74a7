import { lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startFixture, tarBytes, tgzBytes, type Fixture, type TarEntrySpec } from './revisions.test-helpers';

/** Every path under dir (symlinks not followed), relative to it. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) out.push(relative(dir, join(entry.parentPath, entry.name)));
  return out.sort();
}

// Extraction is the server side of revisions (FTL_ROOT, the `current` symlink, archives holding
// symlinks), for Linux and macOS servers; Windows cannot make symlinks without privileges, so
// these run on Linux and macOS only.
describe.skipIf(process.platform === 'win32')('malicious tarballs (against s3rver)', () => {
  let fx: Fixture;
  let outside: string;
  let before: string[];
  beforeAll(async () => {
    fx = await startFixture();
    outside = join(fx.dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret'), 'do not touch');
    before = await tree(fx.dir);
  });
  afterAll(() => fx.close());

  // The revision folder is <dir>/root/<pkg>/.tmp/<rev>-x/<rev>/ while extracting and
  // <dir>/root/<pkg>/revs/<rev>/ after: 5 levels of '..' from either reach <dir>.
  const up = '../../../../../';
  const corpus = (abs: string): Array<[string, TarEntrySpec[], RegExp]> => [
    ['path traversal', [{ path: 'ok.txt', body: 'fine' }, { path: `${up}outside/escaped`, body: 'x' }], /outside the revision folder/],
    ['traversal in the middle', [{ path: 'a/../../escaped', body: 'x' }], /outside the revision folder/],
    ['absolute path', [{ path: join(abs, 'escaped-abs'), body: 'x' }], /outside the revision folder/],
    ['symlink escape then a write through it', [{ path: 'lnk', type: '2', linkpath: `${up}outside` }, { path: 'lnk/pwned', body: 'x' }], /symlink 'lnk'/],
    ['absolute symlink then a write through it', [{ path: 'lnk', type: '2', linkpath: abs }, { path: 'lnk/pwned', body: 'x' }], /symlink 'lnk'/],
    ['write through an inside symlink', [{ path: 'dir/', type: '5' }, { path: 'lnk', type: '2', linkpath: 'dir' }, { path: 'lnk/x', body: 'x' }], /through the symlink 'lnk'/],
    ['symlink chain escaping on disk', [{ path: 'r', type: '2', linkpath: '.' }, { path: 'esc', type: '2', linkpath: 'r/..' }], /resolves outside/],
    ['hard link escape', [{ path: 'hl', type: '1', linkpath: `${up}outside/secret` }], /hard link 'hl'/],
    ['absolute hard link', [{ path: 'hl', type: '1', linkpath: join(abs, 'secret') }], /hard link 'hl'/],
    ['hard link through a symlink', [{ path: 's', type: '2', linkpath: '.' }, { path: 'f', body: 'x' }, { path: 'hl', type: '1', linkpath: 's/f' }], /through the symlink 's'/],
    ['character device', [{ path: 'ok.txt', body: 'fine' }, { path: 'null', type: '3' }], /device file/],
    ['block device', [{ path: 'disk', type: '4' }], /device file/],
    ['FIFO', [{ path: 'pipe', type: '6' }], /FIFO/],
  ];

  test.each(corpus('/ABS').map(([name], i) => [name, i]))('refuses %s: nothing written outside, no revision left', async (_name, index) => {
    const [, entries, reason] = corpus(outside)[index as number]!;
    const pkg = `bad${index}`;
    await mkdir(join(fx.root, pkg));
    const service = fx.service();
    const compressed = (index as number) % 2 === 0;
    const name = await fx.putRevision(pkg, compressed ? tgzBytes(entries) : tarBytes(entries), compressed ? 'tar.gz' : 'tar', '2026112200001');
    await service.jumpMaster({ revision: name });
    const report = (await service.sync()).packages.find((p) => p.package === pkg)!;
    expect(report.errors.join('\n')).toMatch(/^Refused /);
    expect(report.errors.join('\n')).toMatch(reason);
    expect(report.current).toBeNull();
    expect(await readdir(join(fx.root, pkg, 'revs'))).toEqual([]);
    expect(await readdir(join(fx.root, pkg, '.tmp')).catch(() => [])).toEqual([]);
    const now = (await tree(fx.dir)).filter((p) => !p.startsWith('root'));
    expect(now).toEqual(before.filter((p) => !p.startsWith('root')));
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('do not touch');
    expect(await lstat(join(outside, 'escaped-abs')).catch(() => null)).toBeNull();
  });

  test('accepts links that stay inside, and drops setuid bits', async () => {
    await mkdir(join(fx.root, 'fine'));
    const service = fx.service();
    const entries: TarEntrySpec[] = [
      { path: 'lib/', type: '5' },
      { path: 'lib/tool', body: '#!/bin/sh\n', mode: 0o4755 },
      { path: 'bin/', type: '5' },
      { path: 'bin/tool', type: '2', linkpath: '../lib/tool' },
      { path: 'lib/tool-copy', type: '1', linkpath: 'lib/tool' },
    ];
    const name = await fx.putRevision('fine', tgzBytes(entries), 'tgz', '2026112200001');
    await service.jumpMaster({ revision: name });
    expect((await service.sync()).packages.find((p) => p.package === 'fine')!.errors).toEqual([]);
    const dir = join(fx.root, 'fine', 'current');
    expect(await readlink(join(dir, 'bin', 'tool'))).toBe('../lib/tool');
    expect((await lstat(join(dir, 'lib', 'tool-copy'))).nlink).toBe(2);
    expect((await lstat(join(dir, 'lib', 'tool'))).mode & 0o7000).toBe(0);
  });

  test('stores a file that is not a tarball as it is, named <package>.<rest>', async () => {
    await mkdir(join(fx.root, 'plain'));
    const service = fx.service();
    const name = await fx.putRevision('plain', Buffer.from('{"a":1}'), 'config.json', '2026112200001');
    await service.jumpMaster({ revision: name });
    await service.sync();
    expect(await readFile(join(fx.root, 'plain', 'current', 'plain.config.json'), 'utf8')).toBe('{"a":1}');
  });
});
