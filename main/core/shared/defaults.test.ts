import { readFileSync } from 'node:fs';
import path from 'node:path';
import { instancesSettingsFrom } from '../instances/settings-adapter';
import { DEFAULT_INSTANCES_SETTINGS } from '../instances/settings';
import { DEFAULT_TTL_MINUTES, defaultsMarkdown, MAX_TTL_MINUTES } from './defaults';
import { defaultSettings } from '../settings/schema';

const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('one table of defaults', () => {
  test("the README's Defaults table is the table in defaults.ts", () => {
    expect(readme).toContain(defaultsMarkdown());
  });

  test('the settings schema and the Instances service use the same defaults', () => {
    const settings = defaultSettings();
    expect(settings.ttl).toEqual({ defaultMinutes: DEFAULT_TTL_MINUTES, maxMinutes: MAX_TTL_MINUTES });
    const fromSettings = instancesSettingsFrom(settings);
    expect({ ttlDefault: fromSettings.ttlDefault, ttlMax: fromSettings.ttlMax, sshUser: fromSettings.sshUser, defaultRegion: fromSettings.defaultRegion }).toEqual({
      ttlDefault: DEFAULT_INSTANCES_SETTINGS.ttlDefault,
      ttlMax: DEFAULT_INSTANCES_SETTINGS.ttlMax,
      sshUser: DEFAULT_INSTANCES_SETTINGS.sshUser,
      defaultRegion: DEFAULT_INSTANCES_SETTINGS.defaultRegion,
    });
    // What the README says in words, too.
    expect(readme).toMatch(/the TTL \(default 24 h\)/);
    expect(fromSettings.ttlDefault).toBe('24h');
  });
});
