import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings, SettingsView } from '../../contract/settings/dto';
import { openConfSettingsStore } from '../../node/conf-settings-store';
import type { SecretStore } from '../ports';
import { createSettingsService } from './service';
import { createMemorySettingsStore } from './store';
import { captureLogger, copyAwsFixtures, POSIX_MODES, silentLogger, tempDir, type TempDir } from './settings.test-helpers';
import { rejection } from '../../../test/support/rejection';

function memorySecrets(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (a) => entries.get(a) ?? null,
    set: async (a, s) => void entries.set(a, s),
    delete: async (a) => entries.delete(a),
  };
}

describe('createSettingsService', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(() => tmp.cleanup());

  test('starts from defaults, saves a patch, tells listeners', async () => {
    const store = createMemorySettingsStore();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir });
    const seen: Settings[] = [];
    service.onChange((s) => seen.push(s));
    const view = await service.api.update({ patch: { theme: 'dark', regions: ['us-east-1', 'eu-west-1'], notifications: { expiring: false } } });
    expect(view.settings).toMatchObject({ theme: 'dark', regions: ['us-east-1', 'eu-west-1'], notifications: { ready: true, failed: true, expiring: false } });
    expect(store.value).toEqual(view.settings);
    expect(seen.map((s) => s.theme)).toEqual(['dark']);
    expect(service.current().theme).toBe('dark');
  });

  test("sends 'settings.changed' with the new view after each save, and nothing when a save is refused", async () => {
    const sent: Array<{ event: string; payload: SettingsView }> = [];
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir, emit: (event, payload) => void sent.push({ event, payload }) });
    const view = await service.api.update({ patch: { theme: 'dark' } });
    expect(sent).toEqual([{ event: 'settings.changed', payload: view }]);
    await rejection(service.api.update({ patch: { defaultRegion: 'eu-wst-1' } }));
    expect(sent).toHaveLength(1);
  });

  test('refuses an invalid patch with every problem, and saves nothing', async () => {
    const store = createMemorySettingsStore();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir });
    const error = await rejection(service.api.update({ patch: { defaultRegion: 'eu-wst-1', hookTimeoutSeconds: 99999 } }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe("The settings were not saved: settings: defaultRegion: 'eu-wst-1' is not a known AWS region; did you mean eu-west-1? (and 1 more problem)");
    expect((error.data as { problems: unknown[] }).problems).toHaveLength(2);
    expect(store.value).toEqual({});
  });

  test('terminal: a known terminal is saved, a command line is refused naming the key, null clears it', async () => {
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir, platform: 'linux' });
    expect(service.current().terminal).toBeNull();
    expect((await service.api.update({ patch: { terminal: 'konsole' } })).settings.terminal).toBe('konsole');
    const error = await rejection(service.api.update({ patch: { terminal: 'xterm -e sh -c "rm -rf ~"' } }));
    expect(error.code).toBe('invalid-input');
    expect((error.data as { problems: Array<{ key: string; fix: string }> }).problems).toEqual([
      expect.objectContaining({ key: 'terminal', message: expect.stringContaining('Choose program… in the desktop app') }),
    ]);
    expect((await service.api.update({ patch: { terminal: null } })).settings.terminal).toBeNull();
  });

  test('a new SSH key file must exist with mode 600', async () => {
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir });
    const key = path.join(tmp.dir, 'k.pem');
    await writeFile(key, 'x', { mode: 0o644 });
    const patch = { regionKeys: { 'us-east-1': { keyPair: 'k', sshKeyFile: '~/k.pem' } } };
    // Windows has no such mode: there the key only has to exist.
    if (POSIX_MODES) expect((await rejection(service.api.update({ patch }))).message).toContain('regionKeys.us-east-1.sshKeyFile: the SSH key file ~/k.pem can be read by other users (mode 644)');
    await chmod(key, 0o600);
    expect((await service.api.update({ patch })).settings.regionKeys).toEqual(patch.regionKeys);
  });

  test('credentials are not patchable from the renderer', async () => {
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir });
    const patch = { credential: { kind: 'profile', name: 'x' } } as never;
    expect((await rejection(service.api.update({ patch }))).data).toEqual({ field: 'credential' });
    await service.change((draft) => {
      draft.credential = { kind: 'profile', name: 'x' };
    });
    expect(service.current().credential).toEqual({ kind: 'profile', name: 'x' });
  });

  test('migrates a v0 file and writes it back as v2', async () => {
    const store = openConfSettingsStore({ cwd: tmp.dir });
    await writeFile(path.join(tmp.dir, 'settings.json'), JSON.stringify({ region: 'eu-west-1', ttlHours: 1 }));
    const logger = captureLogger();
    const service = await createSettingsService({ store, logger, home: tmp.dir });
    expect(service.current()).toMatchObject({ version: 2, regions: ['eu-west-1'], ttl: { defaultMinutes: 60 } });
    expect(JSON.parse(await readFile(path.join(tmp.dir, 'settings.json'), 'utf8'))).toMatchObject({ version: 2, regions: ['eu-west-1'] });
    expect(logger.lines).toEqual(['[info] settings: migrated {"file":"~/settings.json","from":0,"to":2}']);
  });

  test('a v1 file with closeToTray true (its default, written unchosen) is written back as v2 with null (automatic); closeToTray: null saves', async () => {
    const store = openConfSettingsStore({ cwd: tmp.dir });
    await writeFile(path.join(tmp.dir, 'settings.json'), JSON.stringify({ version: 1, closeToTray: true, theme: 'dark' }));
    const service = await createSettingsService({ store, logger: captureLogger(), home: tmp.dir });
    expect(service.current()).toMatchObject({ version: 2, closeToTray: null, theme: 'dark' });
    expect(JSON.parse(await readFile(path.join(tmp.dir, 'settings.json'), 'utf8'))).toMatchObject({ version: 2, closeToTray: null });
    expect((await service.api.update({ patch: { closeToTray: true } })).settings.closeToTray).toBe(true);
    expect((await service.api.update({ patch: { closeToTray: null } })).settings.closeToTray).toBeNull();
  });

  test("the store's notices (another settings file ignored) are warnings that stay after a save", async () => {
    const notice = { message: 'another settings file, ~/.config/Flotilla/settings.json, differs from this one and is not used', fix: 'copy what you need here' };
    const store = openConfSettingsStore({ cwd: tmp.dir, notices: [notice] });
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir });
    const text = `~/settings.json: ${notice.message}; ${notice.fix}`;
    expect((await service.api.get({})).warnings.map((w) => w.text)).toEqual([text]);
    await service.api.update({ patch: { theme: 'light' } });
    expect((await service.api.get({})).warnings.map((w) => w.text)).toEqual([text]);
  });

  test('a corrupt file: defaults, a warning naming the backup, and the file untouched until a save', async () => {
    const file = path.join(tmp.dir, 'settings.json');
    await writeFile(file, '{ "theme": "dark", ');
    const service = await createSettingsService({ store: openConfSettingsStore({ cwd: tmp.dir }), logger: silentLogger, home: tmp.dir });
    const view = await service.api.get({});
    expect(view.settings.theme).toBe('system');
    expect(view.file).toBe('~/settings.json');
    expect(view.warnings).toHaveLength(1);
    const backup = (await readdir(tmp.dir)).find((n) => n.startsWith('settings.json.corrupt-'))!;
    expect(view.warnings[0]!.text).toMatch(/^~\/settings\.json: the file is not valid JSON \(.+\); Flotilla uses default settings; your file was kept as .*settings\.json\.corrupt-/);
    expect(view.warnings[0]!.text).toContain(backup);
    expect(await readFile(file, 'utf8')).toBe('{ "theme": "dark", ');
    await service.api.update({ patch: { theme: 'light' } });
    expect(JSON.parse(await readFile(file, 'utf8')).theme).toBe('light');
    expect((await service.api.get({})).warnings).toEqual([]);
  });

  test('a file failing the schema: good values kept, bad ones reset, a copy kept, warnings for the UI', async () => {
    const file = path.join(tmp.dir, 'settings.json');
    const text = JSON.stringify({ version: 1, theme: 'dark', hookTimeoutSeconds: -4, thme: 'x' });
    await writeFile(file, text);
    const service = await createSettingsService({ store: openConfSettingsStore({ cwd: tmp.dir }), logger: silentLogger, home: tmp.dir });
    const view = await service.api.get({});
    expect(view.settings).toMatchObject({ theme: 'dark', hookTimeoutSeconds: 300 });
    expect(view.warnings.map((w) => w.key ?? '')).toEqual(['thme', 'hookTimeoutSeconds', '']);
    expect(view.warnings.every((w) => w.severity === 'warning')).toBe(true);
    const backups = (await readdir(tmp.dir)).filter((n) => n.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(tmp.dir, backups[0]!), 'utf8')).toBe(text);
    expect(view.warnings[2]!.fix).toContain('the settings in error are back to their defaults; your file was kept as');
  });

  test('validate checks Flotilla’s own file, an INI file, or content', async () => {
    const aws = await copyAwsFixtures(tmp.dir);
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir });
    expect((await service.api.validate({ kind: 'settings' })).problems).toEqual([]);
    const bad = await service.api.validate({ kind: 'settings', path: path.join(aws, 'settings-bad-values.json') });
    expect(bad.problems.map((p) => p.key)).toEqual(['thme', 'regions[1]', 'hookTimeoutSeconds', 'ingressCidr', 'webhookUrl']);
    const corrupt = await service.api.validate({ kind: 'settings', path: path.join(aws, 'settings-corrupt.json') });
    expect(corrupt.problems[0]!.text).toMatch(/^~\/aws\/settings-corrupt\.json: the file is not valid JSON/);
    const ini = await service.api.validate({ kind: 'instance-config', path: '~/aws/instance-broken.config' });
    expect(ini.problems).toHaveLength(4);
    const content = await service.api.validate({ kind: 'settings', path: 'pasted.json', content: '{"theme":"neon"}' });
    expect(content.problems.map((p) => p.key)).toEqual(['theme']);
    expect((await rejection(service.api.validate({ kind: 'aws-settings' }))).code).toBe('bad-request');
  });

  test('importing a user settings file: region, key pair and key file to settings, the key pair to the keychain', async () => {
    const aws = await copyAwsFixtures(tmp.dir);
    const store = createMemorySettingsStore();
    const secrets = memorySecrets();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, secrets });
    const result = await service.api.importIni({ kind: 'aws-settings', path: path.join(aws, 'user-settings-good.ini') });
    expect(result.credential).toEqual({ kind: 'keychain', name: 'user-settings-good', keyIdHint: 'AKIA…MPLE' });
    expect(result.changed.sort()).toEqual(['credential', 'keychainCredentials', 'regionKeys', 'regions']);
    expect(result.settings).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      regionKeys: { 'eu-west-1': { keyPair: 'flotilla-demo', sshKeyFile: '~/aws/keys/flotilla-demo.pem' } },
      credential: result.credential,
    });
    expect(JSON.parse(secrets.entries.get('user-settings-good')!)).toMatchObject({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(JSON.stringify(store.value)).not.toContain('EXAMPLEKEY');
    expect(JSON.stringify(store.value)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  test('an import with errors changes nothing; one with a key but no keychain is refused', async () => {
    const aws = await copyAwsFixtures(tmp.dir);
    const store = createMemorySettingsStore();
    const secrets = memorySecrets();
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, secrets });
    const error = await rejection(service.api.importIni({ kind: 'aws-settings', path: path.join(aws, 'user-settings-misspelled.ini') }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('AccesKeyId: unknown key; did you mean AccessKeyId?');
    expect(secrets.entries.size).toBe(0);
    expect(store.value).toEqual({});
    const noKeychain = await createSettingsService({ store, logger: silentLogger, home: tmp.dir });
    expect((await rejection(noKeychain.api.importIni({ kind: 'aws-settings', path: path.join(aws, 'user-settings-good.ini') }))).code).toBe('unavailable');
  });

  test('importing an instance.config stores its values as the launch defaults of the project named', async () => {
    const aws = await copyAwsFixtures(tmp.dir);
    const service = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: tmp.dir });
    const result = await service.api.importIni({ kind: 'instance-config', path: path.join(aws, 'instance-good.config'), project: 'storefront' });
    expect(result.changed).toEqual(['launchDefaults']);
    expect(result.project).toBe('storefront');
    expect(result.instanceConfig).toMatchObject({ imageId: 'ami-0123456789abcdef0', instanceCount: 2 });
    expect(service.current().launchDefaults.storefront).toMatchObject({ imageId: 'ami-0123456789abcdef0', count: 2 });
  });

  test('a failed save after the keychain write puts the keychain back', async () => {
    const aws = await copyAwsFixtures(tmp.dir);
    const secrets = memorySecrets();
    const store = { ...createMemorySettingsStore(), write: async () => Promise.reject(new Error('disk full')) };
    const service = await createSettingsService({ store, logger: silentLogger, home: tmp.dir, secrets });
    const error = await rejection(service.api.importIni({ kind: 'aws-settings', path: path.join(aws, 'user-settings-good.ini') }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('The settings could not be saved to settings: disk full. Check that the folder exists and you can write to it.');
    expect(secrets.entries.size).toBe(0);
  });
});
