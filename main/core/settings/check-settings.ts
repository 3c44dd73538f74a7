import type { z } from 'zod';
import type { Settings, SettingsProblem } from '../../contract/settings/dto';
import { nearest } from '../projects/edit-distance';
import { sshKeyFileCheck } from './file-checks';
import { displayPath, expandHome } from './paths';
import { settingsProblem, type Check } from './problems';
import { defaultSettings, SETTINGS_KEYS, settingsSchema } from './schema';

export function keyOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function defaultAt(path: readonly PropertyKey[]): unknown {
  let value: unknown = defaultSettings();
  for (const p of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
  return value;
}

function checkOf(issue: z.core.$ZodIssue): Check {
  // A record key refused by its rule: the rule's own message and fix, not zod's "Invalid key in record".
  if (issue.code === 'invalid_key' && issue.issues[0]) return checkOf({ ...issue.issues[0], path: issue.path } as z.core.$ZodIssue);
  const fix = (issue as { params?: { fix?: string } }).params?.fix;
  if (issue.code === 'custom' && fix) return { message: issue.message, fix };
  const fallback = defaultAt(issue.path);
  const orDefault = fallback === undefined ? '' : fallback === null ? ', or null (the default)' : ` (the default is ${JSON.stringify(fallback)})`;
  if (issue.code === 'invalid_type') return { message: `expected ${issue.expected}`, fix: `set it to a ${issue.expected}${orDefault}` };
  if (issue.code === 'invalid_value') return { message: 'is not an allowed value', fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
  if (issue.code === 'invalid_union') return { message: 'is not a credential reference', fix: 'pick the credentials again in Settings → AWS accounts' };
  return { message: issue.message, fix: `correct it${orDefault}` };
}

const SECRET_KEY = /secret|password|token|private_?key/i;

/** Paths of keys that look like they hold a secret, which the settings file never should. */
function secretKeys(value: unknown, path: string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && typeof v === 'string' && v !== '') found.push([...path, key].join('.'));
    else found.push(...secretKeys(v, [...path, key]));
  }
  return found;
}

export interface SettingsCheck {
  /** Null when the value has errors. */
  settings: Settings | null;
  problems: SettingsProblem[];
  /** Top-level keys whose value is wrong (for salvaging the rest). */
  badKeys: string[];
}

/** Validates a (migrated) settings object: every problem names the file, the key and the fix. */
export function checkSettingsValue(value: Record<string, unknown>, file: string): SettingsCheck {
  const problems: SettingsProblem[] = [];
  const badKeys = new Set<string>();
  for (const key of Object.keys(value)) {
    if (SETTINGS_KEYS.includes(key)) continue;
    const guess = nearest(key, SETTINGS_KEYS);
    const fix = guess ? `did you mean ${guess}? rename ${key} to ${guess}` : 'remove it; Flotilla ignores it';
    problems.push(settingsProblem(file, { key }, { message: 'unknown setting', fix }, 'warning'));
  }
  for (const key of secretKeys(value)) {
    const fix = 'remove it; keep AWS keys in the OS keychain (Settings → AWS accounts)';
    problems.push(settingsProblem(file, { key }, { message: 'the settings file holds a secret', fix }));
    badKeys.add(key.split('.')[0]!);
  }
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(settingsProblem(file, { key: keyOf(issue.path) || undefined }, checkOf(issue)));
      if (issue.path[0] !== undefined) badKeys.add(String(issue.path[0]));
    }
  }
  const ok = parsed.success && !problems.some((p) => p.severity === 'error');
  return { settings: ok ? parsed.data : null, problems, badKeys: [...badKeys] };
}

/** Settings from a value with errors: each top-level key in error goes back to its default. */
export function salvageSettings(value: Record<string, unknown>, file: string): Settings {
  let current: Record<string, unknown> = { ...value };
  for (let round = 0; round < 5; round++) {
    const check = checkSettingsValue(current, file);
    if (check.settings) return check.settings;
    if (check.badKeys.length === 0) break;
    current = Object.fromEntries(Object.entries(current).filter(([k]) => !check.badKeys.includes(k)));
  }
  return defaultSettings();
}

/**
 * The SSH key files the settings name must exist with mode 600 or narrower; with `before`, only
 * the ones that differ from it are checked (a save is not refused over a file it did not change).
 */
export async function checkSettingsFiles(
  settings: Settings,
  file: string,
  home: string,
  severity: 'error' | 'warning',
  before?: Settings,
): Promise<SettingsProblem[]> {
  const problems: SettingsProblem[] = [];
  for (const [region, keys] of Object.entries(settings.regionKeys)) {
    if (!keys.sshKeyFile || before?.regionKeys[region]?.sshKeyFile === keys.sshKeyFile) continue;
    const full = expandHome(keys.sshKeyFile, home);
    const check = await sshKeyFileCheck(full, displayPath(full, home));
    if (check) problems.push(settingsProblem(file, { key: `regionKeys.${region}.sshKeyFile` }, check, severity));
  }
  return problems;
}
