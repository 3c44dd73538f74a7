import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { extractTar } from './safe-extract';
import { paxBody, tarBytes, type TarEntrySpec } from './revisions.test-helpers';

/** Every path under dir (symlinks not followed), relative to it. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

// Issue 11 item 6, the archive side: entries that try to choose a path beyond what
// malicious.s3.test.ts covers: paths and link targets in pax and GNU long-name headers, links to
// links, files written over a symlink of the same archive, sparse files, mode bits.
// Symlinks: Linux and macOS only.
describe.skipIf(process.platform === 'win32')('extraction refuses path tricks (extractTar)', () => {
  let dir: string;
  let outside: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extract-adversarial-'));
    outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret'), 'do not touch');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function extract(entries: TarEntrySpec[]) {
    const dest = join(dir, `rev${n++}`);
    await mkdir(dest);
    const outcome = await extractTar(Readable.from([tarBytes(entries)]), dest, 'the test revision').then(
      () => null,
      (error: Error) => error.message,
    );
    return { dest, outcome };
  }

  // <dir>/rev<n>/ : one '..' reaches <dir>.
  const refused: Array<[string, TarEntrySpec[], RegExp]> = [
    ['a pax path climbing out', [{ path: 'x', type: 'x', body: paxBody({ path: '../outside/pax-escaped' }) }, { path: 'harmless', body: 'x' }], /outside the revision folder/],
    ['an absolute pax path', [{ path: 'x', type: 'x', body: paxBody({ path: '/tmp/pax-absolute-escape' }) }, { path: 'harmless', body: 'x' }], /outside the revision folder/],
    ['a GNU long path climbing out', [{ path: '././@LongLink', type: 'L', body: '../outside/gnu-escaped\0' }, { path: 'harmless', body: 'x' }], /outside the revision folder/],
    ['a pax linkpath escaping', [{ path: 'x', type: 'x', body: paxBody({ linkpath: '../outside' }) }, { path: 'lnk', type: '2', linkpath: 'inside' }], /points at '\.\.\/outside'/],
    ['a GNU long link target escaping', [{ path: '././@LongLink', type: 'K', body: '../outside/secret\0' }, { path: 'hl', type: '1', linkpath: 'x' }], /hard link 'hl'/],
    ['a hard link to a symlink', [{ path: 'f', body: 'x' }, { path: 's', type: '2', linkpath: 'f' }, { path: 'hl', type: '1', linkpath: 's' }], /through the symlink 's'/],
    ['a directory entry under a symlink', [{ path: 'd/', type: '5' }, { path: 's', type: '2', linkpath: 'd' }, { path: 's/sub/', type: '5' }], /through the symlink 's'/],
    ['a symlink under a symlink', [{ path: 'd/', type: '5' }, { path: 's', type: '2', linkpath: 'd' }, { path: 's/l', type: '2', linkpath: '.' }], /through the symlink 's'/],
    ['a symlink to the parent by a long way round', [{ path: 'a/b/', type: '5' }, { path: 'a/b/up', type: '2', linkpath: '../../..' }], /outside the revision folder/],
    ['a file named like the folder itself', [{ path: './', body: 'x' }], /in place of the revision folder|not a readable tar archive/],
  ];

  test.each(refused.map(([name], i) => [name, i]))('refuses %s, writing nothing outside', async (_name, i) => {
    const [, entries, reason] = refused[i as number]!;
    const before = await tree(outside);
    const { outcome } = await extract(entries);
    expect(outcome).toMatch(/^Refused the test revision: /);
    expect(outcome).toMatch(reason);
    expect(await tree(outside)).toEqual(before);
    expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('do not touch');
    expect(await lstat('/tmp/pax-absolute-escape').catch(() => null)).toBeNull();
  });

  test('ignores a path in a global pax header and GNU sparse entries (node-tar does): nothing lands outside', async () => {
    const before = await tree(outside);
    const global = await extract([{ path: 'g', type: 'g', body: paxBody({ path: '../outside/global' }) }, { path: 'harmless', body: 'x' }]);
    expect(global.outcome).toBeNull();
    expect(await tree(global.dest)).toEqual(['harmless']);
    const sparse = await extract([{ path: 'sparse', type: 'S', body: 'x' }, { path: 'after', body: 'y' }]);
    if (sparse.outcome) expect(sparse.outcome).toMatch(/^Refused the test revision: /);
    else expect(await tree(sparse.dest)).not.toContain('sparse');
    expect(await tree(outside)).toEqual(before);
  });

  test('writes a file that replaces a symlink of the same name as a file, not through the link', async () => {
    const { dest, outcome } = await extract([
      { path: 'target', body: 'original' },
      { path: 'a', type: '2', linkpath: 'target' },
      { path: 'a', body: 'replacement' },
    ]);
    expect(outcome).toBeNull();
    expect(await readFile(join(dest, 'target'), 'utf8')).toBe('original');
    expect((await lstat(join(dest, 'a'))).isFile()).toBe(true);
  });

  test('replaces an earlier hard link rather than writing into the file it shares', async () => {
    const { dest, outcome } = await extract([
      { path: 'f', body: 'first' },
      { path: 'hl', type: '1', linkpath: 'f' },
      { path: 'hl', body: 'second' },
    ]);
    expect(outcome).toBeNull();
    expect(await readFile(join(dest, 'f'), 'utf8')).toBe('first');
    expect(await readFile(join(dest, 'hl'), 'utf8')).toBe('second');
  });

  test('drops setuid, setgid and sticky bits from files and folders', async () => {
    const { dest, outcome } = await extract([
      { path: 'd/', type: '5', mode: 0o7777 },
      { path: 'd/suid', body: '#!/bin/sh\n', mode: 0o6755 },
      { path: 'contig', type: '7', body: 'c', mode: 0o4755 },
    ]);
    expect(outcome).toBeNull();
    for (const p of ['d', 'd/suid', 'contig']) expect((await stat(join(dest, p))).mode & 0o7000).toBe(0);
  });

  test('keeps a pax path that stays inside', async () => {
    const long = 'deep/'.repeat(30) + 'file.txt';
    const { dest, outcome } = await extract([{ path: 'x', type: 'x', body: paxBody({ path: long }) }, { path: 'short', body: 'ok' }]);
    expect(outcome).toBeNull();
    expect(await readFile(join(dest, long), 'utf8')).toBe('ok');
    expect(await readlink(join(dest, long)).catch(() => 'not a link')).toBe('not a link');
  });
});
