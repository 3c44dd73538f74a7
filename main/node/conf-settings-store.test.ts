import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FlotillaError } from '../contract/errors';
import { isCorruptFileError } from '../core/settings/store';
import { shownMode, tempDir, type TempDir } from '../core/settings/settings.test-helpers';
import { backupFile, createConfSettingsStore, openConfSettingsStore, tolerantDeserialize } from './conf-settings-store';
import { defaultSettingsDir } from './settings-location';

describe('conf settings store', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-conf-');
  });
  afterEach(() => tmp.cleanup());
  const file = () => path.join(tmp.dir, 'settings.json');

  test('a missing file reads as empty; a write creates settings.json with mode 600', async () => {
    const store = openConfSettingsStore({ cwd: tmp.dir });
    expect(store.location).toBe(file());
    expect(await store.read()).toEqual({});
    await store.write({ version: 1, theme: 'dark' });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ version: 1, theme: 'dark' });
    expect((await stat(file())).mode & 0o777).toBe(shownMode(0o600));
    expect(await store.read()).toEqual({ version: 1, theme: 'dark' });
  });

  test('writes are atomic: each one renames a new file over the old (a new inode), leaving no temp files', async () => {
    const store = openConfSettingsStore({ cwd: tmp.dir });
    await store.write({ n: 1 });
    const first = (await stat(file())).ino;
    await store.write({ n: 2 });
    expect((await stat(file())).ino).not.toBe(first);
    expect(await readdir(tmp.dir)).toEqual(['settings.json']);
  });

  test('a file that is not JSON is backed up once and reported, never replaced on read', async () => {
    const broken = '{ "version": 1, "theme": ';
    await writeFile(file(), broken);
    const store = openConfSettingsStore({ cwd: tmp.dir });
    const error = await store.read().catch((e: unknown) => e);
    expect(isCorruptFileError(error)).toBe(true);
    const data = (error as FlotillaError & { data: { backup: string; file: string } }).data;
    expect(path.basename(data.backup)).toMatch(/^settings\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(await readFile(data.backup, 'utf8')).toBe(broken);
    expect(await readFile(file(), 'utf8')).toBe(broken);
    expect((error as Error).message).toContain(`${file()} is not valid JSON`);
    // Reading again does not pile up copies of the same content.
    await store.read().catch(() => undefined);
    expect((await readdir(tmp.dir)).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
    // A save replaces it (the copy stays).
    await store.write({ version: 1 });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ version: 1 });
    expect(await readFile(data.backup, 'utf8')).toBe(broken);
  });

  test('JSON that is not an object counts as corrupt', async () => {
    await writeFile(file(), '[1, 2]');
    const error = await openConfSettingsStore({ cwd: tmp.dir }).read().catch((e: unknown) => e);
    expect(isCorruptFileError(error) && error.data.detail).toBe('it holds a list, not an object');
  });

  test('takes any conf-like object (electron-store later); a throwing getter is handled too', async () => {
    await writeFile(file(), 'nope');
    const conf = {
      path: file(),
      get store(): Record<string, unknown> {
        throw new SyntaxError('Unexpected token n');
      },
      set store(_value: Record<string, unknown>) {},
    };
    const error = await createConfSettingsStore(conf).read().catch((e: unknown) => e);
    expect(isCorruptFileError(error) && error.data.detail).toBe('Unexpected token n');
  });

  test('backupFile answers null for a missing file', async () => {
    expect(await backupFile(path.join(tmp.dir, 'none.json'))).toBeNull();
  });

  test('tolerantDeserialize and the default folder', () => {
    expect(tolerantDeserialize('{"a":1}')).toEqual({ a: 1 });
    expect(Object.values(tolerantDeserialize('{'))[0]).toMatch(/JSON/);
    expect(defaultSettingsDir({ XDG_CONFIG_HOME: '/x' }, '/h', 'linux')).toBe(path.join('/x', 'flotilla'));
    expect(defaultSettingsDir({}, '/h', 'linux')).toBe(path.join('/h', '.config', 'flotilla'));
    expect(defaultSettingsDir({}, '/h', 'darwin')).toBe(path.join('/h', 'Library', 'Preferences', 'flotilla'));
    expect(defaultSettingsDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada', 'win32')).toBe(path.join('C:\\Users\\ada\\AppData\\Roaming', 'flotilla', 'Config'));
  });
});
