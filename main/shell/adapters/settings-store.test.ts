/**
 * The desktop settings file, written by the REAL electron-store (11.0.2) over the real conf: only
 * `electron` is stood in for (electron-stand-in.test-helpers.ts), in temp folders standing for
 * the home folder.
 *
 * electron-store's constructor does `options = {name: 'config', ...options}` and then
 * `options.configName = options.name`: a `configName` passed in is overwritten, so the file is
 * config.json unless `name` says otherwise (issue 12, defect 1).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { standIn } from './electron-stand-in.test-helpers';

vi.mock('electron', () => import('./electron-stand-in.test-helpers'));

const { openElectronSettingsStore } = await import('./settings-store');

describe('openElectronSettingsStore (real electron-store)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  /** A home folder on Linux: the one file is in .config/flotilla, the desktop's earlier one in .config/Flotilla. */
  const home = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-home-'));
    dirs.push(dir);
    return { home: dir, one: path.join(dir, '.config', 'flotilla', 'settings.json'), desktop: path.join(dir, '.config', 'Flotilla') };
  };
  const input = (homeDir: string, env: Record<string, string> = {}) => ({ env, home: homeDir, platform: 'linux' as const });
  const write = (file: string, value: unknown) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(value));
  };

  test("writes settings.json (not config.json) in the one settings folder, mode 600, not in Electron's userData", async () => {
    const h = home();
    standIn.userData = h.desktop;
    await openElectronSettingsStore(input(h.home)).write({ hookTimeoutSeconds: 123 });
    expect(readdirSync(path.dirname(h.one))).toEqual(['settings.json']);
    expect(JSON.parse(readFileSync(h.one, 'utf8'))).toMatchObject({ hookTimeoutSeconds: 123 });
    if (process.platform !== 'win32') expect(statSync(h.one).mode & 0o777).toBe(0o600);
    expect(existsSync(h.desktop)).toBe(false);
  });

  test('reads back what an earlier run wrote', async () => {
    const h = home();
    await openElectronSettingsStore(input(h.home)).write({ hookTimeoutSeconds: 45 });
    expect(await openElectronSettingsStore(input(h.home)).read()).toMatchObject({ hookTimeoutSeconds: 45 });
  });

  test("the desktop app's earlier file is moved to the one file when only it exists (mode 600)", async () => {
    const h = home();
    write(path.join(h.desktop, 'settings.json'), { hookTimeoutSeconds: 61 });
    const store = openElectronSettingsStore(input(h.home));
    expect(await store.read()).toMatchObject({ hookTimeoutSeconds: 61 });
    expect(store.notices).toEqual([]);
    expect(existsSync(path.join(h.desktop, 'settings.json'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(h.one).mode & 0o777).toBe(0o600);
  });

  test('so is the config.json of builds before settings.json, when it is the only one', async () => {
    const h = home();
    write(path.join(h.desktop, 'config.json'), { hookTimeoutSeconds: 62 });
    expect(await openElectronSettingsStore(input(h.home)).read()).toMatchObject({ hookTimeoutSeconds: 62 });
    expect(readdirSync(h.desktop)).toEqual([]);
  });

  test('both exist and differ: the one file is used, the other reported and left alone (not merged)', async () => {
    const h = home();
    write(h.one, { hookTimeoutSeconds: 10 });
    write(path.join(h.desktop, 'settings.json'), { hookTimeoutSeconds: 20, budgetCapUsd: 5 });
    const store = openElectronSettingsStore(input(h.home));
    expect(await store.read()).toEqual({ hookTimeoutSeconds: 10 });
    expect(store.notices).toEqual([
      {
        message: 'another settings file, ~/.config/Flotilla/settings.json, differs from this one and is not used',
        fix: 'Flotilla reads and writes only ~/.config/flotilla/settings.json; copy what you need from ~/.config/Flotilla/settings.json here, then delete ~/.config/Flotilla/settings.json',
      },
    ]);
    expect(JSON.parse(readFileSync(path.join(h.desktop, 'settings.json'), 'utf8'))).toEqual({ hookTimeoutSeconds: 20, budgetCapUsd: 5 });
  });

  test('both exist with the same settings (another layout): nothing to report', async () => {
    const h = home();
    write(h.one, { a: 1, b: { c: 2 } });
    mkdirSync(h.desktop, { recursive: true });
    writeFileSync(path.join(h.desktop, 'settings.json'), '{\n  "b": { "c": 2 },\n  "a": 1\n}\n');
    expect(openElectronSettingsStore(input(h.home)).notices).toEqual([]);
  });

  test('FLOTILLA_USER_DATA_DIR (end-to-end tests) keeps its own settings.json; its config.json is taken over once', async () => {
    const h = home();
    const profile = path.join(h.home, 'profile');
    write(path.join(profile, 'config.json'), { hookTimeoutSeconds: 77 });
    write(path.join(h.desktop, 'settings.json'), { hookTimeoutSeconds: 1 });
    const env = { FLOTILLA_USER_DATA_DIR: profile };
    expect(await openElectronSettingsStore(input(h.home, env)).read()).toMatchObject({ hookTimeoutSeconds: 77 });
    expect(readdirSync(profile)).toEqual(['settings.json']);
    // The real desktop file is neither moved nor compared.
    expect(existsSync(path.join(h.desktop, 'settings.json'))).toBe(true);
    expect(existsSync(h.one)).toBe(false);
  });

  test('FLOTILLA_CONFIG_DIR wins over both', async () => {
    const h = home();
    const config = path.join(h.home, 'config');
    await openElectronSettingsStore(input(h.home, { FLOTILLA_CONFIG_DIR: config, FLOTILLA_USER_DATA_DIR: path.join(h.home, 'profile') })).write({ theme: 'dark' });
    expect(readdirSync(config)).toEqual(['settings.json']);
  });

  test('the stand-in was what electron-store used (it registered its ipcMain listener)', () => {
    expect(standIn.ipcOn).toContain('electron-store-get-data');
  });
});
