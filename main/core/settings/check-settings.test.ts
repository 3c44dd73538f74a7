import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSettingsValue, salvageSettings } from './check-settings';
import { migrateSettings } from './migrate';
import { defaultSettings, settingsSchema } from './schema';
import { AWS_FIXTURES } from './settings.test-helpers';

const fixture = async (name: string) => JSON.parse(await readFile(path.join(AWS_FIXTURES, name), 'utf8')) as Record<string, unknown>;

describe('settings schema', () => {
  test('defaults', () => {
    expect(defaultSettings()).toEqual({
      version: 2,
      regions: ['us-east-1'],
      defaultRegion: 'us-east-1',
      regionKeys: {},
      sshUser: 'ec2-user',
      ttl: { defaultMinutes: 1440, maxMinutes: 10080 },
      budgetCapUsd: null,
      revisions: { bucket: null, keep: 5, ssmOutputPrefix: null },
      hookTimeoutSeconds: 300,
      notifications: { ready: true, failed: true, expiring: true, updates: true },
      theme: 'system',
      ingressCidr: null,
      webhookUrl: null,
      credential: null,
      keychainCredentials: [],
      closeToTray: null,
      launchAtLogin: false,
      autoUpdate: true,
      terminal: null,
      customTerminal: null,
      launchDefaults: {},
    });
  });

  test('revisions.ssmOutputPrefix: off by default, a safe prefix is kept, a hostile one is refused at its path', () => {
    expect(settingsSchema.parse({ revisions: { ssmOutputPrefix: 'flotilla-ssm-output/' } }).revisions).toEqual({ bucket: null, keep: 5, ssmOutputPrefix: 'flotilla-ssm-output/' });
    const refused = settingsSchema.safeParse({ revisions: { ssmOutputPrefix: '../other-team/' } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['revisions', 'ssmOutputPrefix']);
  });

  test('nested defaults fill in around partial objects', () => {
    expect(settingsSchema.parse({ ttl: { maxMinutes: 2000 }, notifications: { ready: false } })).toMatchObject({
      ttl: { defaultMinutes: 1440, maxMinutes: 2000 },
      notifications: { ready: false, failed: true, expiring: true, updates: true },
    });
  });

  test('every problem names the file, the key and the fix', async () => {
    const check = checkSettingsValue(await fixture('settings-bad-values.json'), '~/.config/flotilla/settings.json');
    expect(check.settings).toBeNull();
    expect(check.problems.map((p) => p.text)).toEqual([
      '~/.config/flotilla/settings.json: thme: unknown setting; did you mean theme? rename thme to theme',
      "~/.config/flotilla/settings.json: regions[1]: 'eu-wst-2' is not a known AWS region; did you mean eu-west-2?",
      '~/.config/flotilla/settings.json: hookTimeoutSeconds: 0 is not a whole number from 1 to 3600 seconds; set a value from 1 to 3600',
      "~/.config/flotilla/settings.json: ingressCidr: '203.0.113.7/40' is not a CIDR block; write an address and prefix length, e.g. 203.0.113.7/32",
      "~/.config/flotilla/settings.json: webhookUrl: 'hooks.example.com/flotilla' is not a URL; write the webhook URL as https://host/path",
    ]);
    expect(check.problems[0]!.severity).toBe('warning');
    expect(check.badKeys.sort()).toEqual(['hookTimeoutSeconds', 'ingressCidr', 'regions', 'webhookUrl']);
  });

  test('cross-field rules run once the fields are right', () => {
    const check = checkSettingsValue({ regions: ['eu-west-1'], defaultRegion: 'us-east-1', ttl: { defaultMinutes: 600, maxMinutes: 120 } }, 'f');
    expect(check.problems.map((p) => `${p.key}: ${p.message}; ${p.fix}`)).toEqual([
      'defaultRegion: us-east-1 is not one of the regions (eu-west-1); add us-east-1 to regions, or pick one of them',
      'ttl.defaultMinutes: 600 is more than the maximum (120); lower the default or raise ttl.maxMinutes',
    ]);
  });

  test('wrong types say what was expected and the default', () => {
    const check = checkSettingsValue({ closeToTray: 'yes', theme: 'purple', regionKeys: { 'eu-west-1': { keyPair: 3 } } }, 'f');
    expect(check.problems.map((p) => `${p.key}: ${p.message}; ${p.fix}`)).toEqual([
      'regionKeys.eu-west-1.keyPair: expected string; set it to a string',
      'theme: is not an allowed value; use one of "system", "light", "dark"',
      'closeToTray: expected boolean; set it to a boolean, or null (the default)',
    ]);
  });

  test('a secret in the settings file is an error', () => {
    const check = checkSettingsValue({ aws: { secretAccessKey: 'x'.repeat(40) } }, 'f');
    expect(check.problems.map((p) => p.text)).toContain(
      'f: aws.secretAccessKey: the settings file holds a secret; remove it; keep AWS keys in the OS keychain (Settings → AWS accounts)',
    );
    expect(JSON.stringify(check)).not.toContain('x'.repeat(40));
  });

  test('salvage keeps the good values and resets the bad ones', async () => {
    const settings = salvageSettings(await fixture('settings-bad-values.json'), 'f');
    expect(settings).toMatchObject({ regions: ['us-east-1'], defaultRegion: 'us-east-1', hookTimeoutSeconds: 300, webhookUrl: null });
    const partly = salvageSettings({ theme: 'dark', sshUser: 'Not Valid' }, 'f');
    expect(partly).toMatchObject({ theme: 'dark', sshUser: 'ec2-user' });
  });
});

describe('migrations', () => {
  test('an unversioned (v0) file becomes v2', async () => {
    const migrated = migrateSettings(await fixture('settings-v0.json'));
    expect(migrated.ok && migrated.from).toBe(0);
    const settings = settingsSchema.parse(migrated.ok ? migrated.value : null);
    expect(settings).toMatchObject({
      version: 2,
      regions: ['eu-west-1'],
      defaultRegion: 'eu-west-1',
      regionKeys: { 'eu-west-1': { keyPair: 'flotilla-demo', sshKeyFile: '~/.ssh/flotilla-demo.pem' } },
      sshUser: 'ubuntu',
      ttl: { defaultMinutes: 120, maxMinutes: 480 },
      theme: 'dark',
      credential: { kind: 'profile', name: 'dev' },
      notifications: { ready: false, failed: false, expiring: false },
    });
    expect(Object.keys(migrated.ok ? migrated.value : {})).not.toContain('region');
  });

  test('v2 passes through; newer and malformed versions are refused with a fix', () => {
    expect(migrateSettings({ version: 2, theme: 'dark', closeToTray: true })).toEqual({ ok: true, value: { version: 2, theme: 'dark', closeToTray: true }, from: 2 });
    expect(migrateSettings({ version: 7 })).toEqual({
      ok: false,
      message: 'the file was written by a newer Flotilla (settings version 7; this one reads up to 2)',
      fix: 'update Flotilla',
    });
    expect(migrateSettings({ version: 'one' })).toMatchObject({ ok: false, fix: 'set "version": 2' });
    expect(migrateSettings([1, 2])).toMatchObject({ ok: false, message: 'the file holds a list, not an object of settings' });
  });

  // Issue 12: v1 saved its default `closeToTray: true` into every file, so a GNOME user who never
  // chose it kept hiding the window into a tray nothing shows. Only a false was a choice.
  test('v1 → v2: closeToTray true (v1 wrote its default) becomes null, the automatic choice; false is kept', () => {
    expect(migrateSettings({ version: 1, theme: 'dark', closeToTray: true })).toEqual({ ok: true, value: { version: 2, theme: 'dark', closeToTray: null }, from: 1 });
    expect(migrateSettings({ version: 1, closeToTray: false })).toEqual({ ok: true, value: { version: 2, closeToTray: false }, from: 1 });
    expect(migrateSettings({ version: 1 })).toEqual({ ok: true, value: { version: 2 }, from: 1 });
    expect(settingsSchema.parse({}).closeToTray).toBeNull();
  });
});
