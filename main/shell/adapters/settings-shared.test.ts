/**
 * One settings file seen by the desktop app's code and the CLI (issue 13): the desktop side is
 * the real electron-store (only `electron` stood in for) under the real settings service, the CLI
 * side is `main` itself (runCli), both in a temp home folder with no FLOTILLA_* override, so each
 * finds the file the way it does on a user's machine.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../cli/run-cli.test-helpers';
import { createSettingsService } from '../../core/settings/service';
import { SETTINGS_VERSION } from '../../core/settings/schema';
import { silentLogger } from '../../core/settings/settings.test-helpers';
import { createNodePorts } from '../../node/node-ports';
import { desktopDataDir } from '../../node/settings-location';

vi.mock('electron', () => import('./electron-stand-in.test-helpers'));
const { openElectronSettingsStore } = await import('./settings-store');

const VARS = ['HOME', 'XDG_CONFIG_HOME', 'APPDATA', 'FLOTILLA_CONFIG_DIR', 'FLOTILLA_USER_DATA_DIR'] as const;

describe('one settings file for the desktop app, browser mode and the CLI', () => {
  const saved = Object.fromEntries(VARS.map((name) => [name, process.env[name]]));
  let home: string;
  let one: string;
  let desktopFile: string;
  const desktopInput = () => ({ env: process.env, home, platform: process.platform });
  const desktopSettings = () => createSettingsService({ store: openElectronSettingsStore(desktopInput()), logger: silentLogger, home });
  const write = (file: string, value: unknown) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(value, null, 2));
  };
  const shown = async () => {
    const { code, stdout, stderr } = await runCli('config', 'show', '--json');
    expect(code, stderr).toBe(0);
    return JSON.parse(stdout) as { file: string; settings: Record<string, unknown>; warnings: Array<{ text: string }> };
  };

  beforeAll(() => {
    for (const name of VARS) delete process.env[name];
  });
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'flotilla-shared-home-'));
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
    process.env.APPDATA = path.join(home, 'AppData', 'Roaming');
    one = path.join(home, ...(process.platform === 'darwin' ? ['Library', 'Preferences', 'flotilla'] : process.platform === 'win32' ? ['AppData', 'Roaming', 'flotilla', 'Config'] : ['.config', 'flotilla']), 'settings.json');
    desktopFile = path.join(desktopDataDir(desktopInput()), 'settings.json');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  afterAll(() => {
    for (const name of VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('what the desktop app saves is what `flotilla config show` reads, from the same file', async () => {
    const desktop = await desktopSettings();
    await desktop.api.update({ patch: { budgetCapUsd: 50, sshUser: 'deploy', revisions: { bucket: 'acme-releases' } } });
    const view = await shown();
    expect(view.settings).toMatchObject({ budgetCapUsd: 50, sshUser: 'deploy', revisions: { bucket: 'acme-releases' } });
    expect(view.file).toBe((await desktop.api.get({})).file);
    expect(JSON.parse(readFileSync(one, 'utf8'))).toMatchObject({ budgetCapUsd: 50 });
    expect(existsSync(desktopFile)).toBe(false);
  });

  test('and what browser mode or the CLI saves (node ports) is what the desktop app reads', async () => {
    const node = await createSettingsService({ store: createNodePorts({ logger: silentLogger }).settings, logger: silentLogger, home });
    await node.api.update({ patch: { theme: 'dark', hookTimeoutSeconds: 42 } });
    expect((await desktopSettings()).current()).toMatchObject({ theme: 'dark', hookTimeoutSeconds: 42 });
  });

  // Files at the current version, so nothing is rewritten by a migration: what is checked is that
  // the two files are never merged.
  test("only the desktop app's earlier file: the CLI moves it to the one file and uses it", async () => {
    write(desktopFile, { version: SETTINGS_VERSION, budgetCapUsd: 7 });
    const view = await shown();
    expect(view.settings.budgetCapUsd).toBe(7);
    expect(view.warnings).toEqual([]);
    expect(existsSync(desktopFile)).toBe(false);
    expect(JSON.parse(readFileSync(one, 'utf8'))).toEqual({ version: SETTINGS_VERSION, budgetCapUsd: 7 });
  });

  test('both exist and differ: each reports both files, uses the one file, and changes neither', async () => {
    write(one, { version: SETTINGS_VERSION, budgetCapUsd: 10 });
    write(desktopFile, { version: SETTINGS_VERSION, budgetCapUsd: 20 });
    const notice = /flotilla\/(Config\/)?settings\.json: another settings file, .*Flotilla.settings\.json, differs from this one and is not used; Flotilla reads and writes only /;

    const show = await runCli('config', 'show');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Settings file: .*settings\.json\n/);
    expect(show.stdout).toContain('"budgetCapUsd": 10');
    expect(show.stderr).toMatch(new RegExp(`^warning: .*${notice.source}`));

    const projects = await runCli('projects', '--dir', path.resolve(import.meta.dirname, '..', '..', '..', 'projects'));
    expect(projects.code).toBe(0);
    expect(projects.stderr).toMatch(new RegExp(`^\\[warn\\] settings: .*${notice.source}`, 'm'));

    const check = await runCli('config', 'check');
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(notice);

    const desktop = await desktopSettings();
    expect(desktop.current().budgetCapUsd).toBe(10);
    expect((await desktop.api.get({})).warnings.map((w) => w.text)).toEqual([expect.stringMatching(notice)]);

    expect(JSON.parse(readFileSync(one, 'utf8'))).toEqual({ version: SETTINGS_VERSION, budgetCapUsd: 10 });
    expect(JSON.parse(readFileSync(desktopFile, 'utf8'))).toEqual({ version: SETTINGS_VERSION, budgetCapUsd: 20 });
  });
});
