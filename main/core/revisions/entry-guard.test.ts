import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryGuard, normalizeEntryPath } from './entry-guard';
import { staysInside } from './symlink-check';

describe('normalizeEntryPath', () => {
  test.each([
    ['./a//b/./c/', 'a/b/c'],
    ['a', 'a'],
    ['./', ''],
  ])('%s is %s', (raw, normalized) => expect(normalizeEntryPath(raw)).toBe(normalized));

  test.each(['/etc/passwd', '../x', 'a/../../x', 'a/..', 'C:/x', 'a\\..\\x'])('refuses %s', (raw) => expect(normalizeEntryPath(raw)).toBeNull());
});

describe('EntryGuard', () => {
  test('lets ordinary entries and inside links through, and strips setuid bits', () => {
    const guard = new EntryGuard();
    const file = { path: 'lib/tool', type: 'File', mode: 0o4755 };
    expect(guard.check({ path: 'lib/', type: 'Directory' })).toBeNull();
    expect(guard.check(file)).toBeNull();
    expect(file.mode).toBe(0o755);
    expect(guard.check({ path: 'bin/tool', type: 'SymbolicLink', linkpath: '../lib/tool' })).toBeNull();
    expect(guard.check({ path: 'lib/copy', type: 'Link', linkpath: 'lib/tool' })).toBeNull();
  });

  test('refuses what could reach outside, with the reason', () => {
    const guard = new EntryGuard();
    expect(guard.check({ path: 'up', type: 'SymbolicLink', linkpath: 'a/../..' })).toMatch(/outside/);
    expect(guard.check({ path: 'in', type: 'SymbolicLink', linkpath: 'dir' })).toBeNull();
    expect(guard.check({ path: 'in/x', type: 'File' })).toMatch(/through the symlink 'in'/);
    expect(guard.check({ path: 'h', type: 'Link', linkpath: 'missing' })).toMatch(/not a file earlier/);
    expect(guard.check({ path: 'h', type: 'Link', linkpath: 'in' })).toMatch(/through the symlink 'in'/);
    expect(guard.check({ path: 'dev', type: 'CharacterDevice' })).toMatch(/device file/);
    expect(guard.check({ path: 'x', type: 'SomethingNew' })).toMatch(/of type SomethingNew/);
  });
});

// Real symlinks on disk: Windows cannot make them without privileges, and the server side of
// revisions that extracts archives runs on Linux and macOS.
describe.skipIf(process.platform === 'win32')('staysInside', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'inside-'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await symlink('.', join(root, 'self'));
    await symlink('self/..', join(root, 'escape'));
    await symlink('a/b', join(root, 'deep'));
    await symlink('deep/..', join(root, 'fine'));
    await symlink('loop2', join(root, 'loop1'));
    await symlink('loop1', join(root, 'loop2'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  test('follows links as the kernel would', async () => {
    expect(await staysInside(root, 'fine')).toBe(true);
    expect(await staysInside(root, 'deep/../..')).toBe(true);
    expect(await staysInside(root, 'escape')).toBe(false);
    expect(await staysInside(root, 'deep/../../..')).toBe(false);
    expect(await staysInside(root, 'loop1')).toBe(false);
    expect(await staysInside(root, 'not/there/yet')).toBe(true);
  });
});
