/**
 * The desktop settings file, written by the REAL electron-store (11.0.2) over the real conf: only
 * `electron` is stood in for, with the little electron-store's main-process path reads
 * (node_modules/electron-store/index.js: `const {app, ipcMain, shell} = electron`; in the main
 * process it calls `app.getPath('userData')`, `app.getVersion()` and `ipcMain.on(...)`).
 *
 * electron-store's constructor does `options = {name: 'config', ...options}` and then
 * `options.configName = options.name`: a `configName` passed in is overwritten, so the file is
 * config.json unless `name` says otherwise (issue 12, defect 1).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';

const fake = vi.hoisted(() => ({ userData: '', ipcOn: [] as string[] }));

vi.mock('electron', () => {
  const electron = {
    app: { getPath: (name: string) => (name === 'userData' ? fake.userData : '/nonexistent'), getVersion: () => '0.1.0' },
    ipcMain: { on: (channel: string) => void fake.ipcOn.push(channel) },
    shell: { openPath: async () => '' },
  };
  return { default: electron, ...electron };
});

const { openElectronSettingsStore } = await import('./settings-store');

describe('openElectronSettingsStore (real electron-store)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const userDataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-userdata-'));
    dirs.push(dir);
    return dir;
  };

  test('writes settings.json (not config.json) in the folder it is given, mode 600', async () => {
    const dir = userDataDir();
    const store = openElectronSettingsStore(dir);
    await store.write({ hookTimeoutSeconds: 123 });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ hookTimeoutSeconds: 123 });
    if (process.platform !== 'win32') expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  test('reads back what an earlier run wrote to settings.json', async () => {
    const dir = userDataDir();
    await openElectronSettingsStore(dir).write({ hookTimeoutSeconds: 45 });
    expect(await openElectronSettingsStore(dir).read()).toMatchObject({ hookTimeoutSeconds: 45 });
  });

  test('settings an earlier build wrote to config.json are taken over (renamed to settings.json) once', async () => {
    const dir = userDataDir();
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ hookTimeoutSeconds: 77 }));
    expect(await openElectronSettingsStore(dir).read()).toMatchObject({ hookTimeoutSeconds: 77 });
    expect(readdirSync(dir)).toEqual(['settings.json']);
    // settings.json wins when both are there; config.json is left alone.
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ hookTimeoutSeconds: 1 }));
    expect(await openElectronSettingsStore(dir).read()).toMatchObject({ hookTimeoutSeconds: 77 });
  });

  test('the stand-in was what electron-store used (it registered its ipcMain listener)', () => {
    expect(fake.ipcOn).toContain('electron-store-get-data');
  });
});
