import { readFileSync } from 'node:fs';
import path from 'node:path';
import { instancesSettingsFrom } from '../instances/settings-adapter';
import { DEFAULT_REGION, DEFAULT_SSH_USER, DEFAULT_TTL_MINUTES, defaultsMarkdown, MAX_TTL_MINUTES, minutesText } from './defaults';
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
    expect({ ttlDefaultMs: fromSettings.ttlDefaultMs, ttlMaxMs: fromSettings.ttlMaxMs, sshUser: fromSettings.sshUser, defaultRegion: fromSettings.defaultRegion }).toEqual({
      ttlDefaultMs: DEFAULT_TTL_MINUTES * 60_000,
      ttlMaxMs: MAX_TTL_MINUTES * 60_000,
      sshUser: DEFAULT_SSH_USER,
      defaultRegion: DEFAULT_REGION,
    });
    // What the README says in words, too.
    expect(readme).toMatch(/the TTL \(default 24 h\)/);
    expect(minutesText(fromSettings.ttlDefaultMs / 60_000)).toBe('24h');
  });
});
