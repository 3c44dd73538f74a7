import type { Settings, SettingsProblem } from '../../contract/settings/dto';
import type { Logger } from '../ports';
import { checkSettingsFiles, checkSettingsValue, salvageSettings } from './check-settings';
import { migrateSettings } from './migrate';
import { settingsProblem } from './problems';
import { defaultSettings, SETTINGS_VERSION } from './schema';
import { isCorruptFileError, type SettingsFileStore } from './store';

export interface LoadedSettings {
  settings: Settings;
  /** For the UI: what was wrong and what Flotilla did about it. */
  warnings: SettingsProblem[];
  /** The file should be written back now (it was migrated, and nothing else was wrong). */
  rewrite: boolean;
}

function asWarning(p: SettingsProblem): SettingsProblem {
  return p.severity === 'warning' ? p : { ...p, severity: 'warning' };
}

/**
 * Reads the settings: migrates older versions, validates, and on a file that fails keeps a copy
 * (`<file>.corrupt-<timestamp>`) and reports it; the file itself is replaced only by a later save.
 */
export async function loadSettings(store: SettingsFileStore, file: string, home: string, logger: Logger): Promise<LoadedSettings> {
  const keptAs = async (): Promise<string> => {
    const copy = await store.backup?.().catch((error: unknown) => {
      logger.error('settings: could not back up the settings file', { file, error: String(error) });
      return null;
    });
    return copy ? `your file was kept as ${copy}` : 'your file is unchanged until you save a setting';
  };
  let raw: unknown;
  try {
    raw = await store.read();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isCorruptFileError(error)) {
      const kept = error.data.backup ? `your file was kept as ${error.data.backup}` : 'your file is unchanged until you save a setting';
      const warning = settingsProblem(file, {}, { message: `the file is not valid JSON (${error.data.detail})`, fix: `Flotilla uses default settings; ${kept}` }, 'warning');
      return { settings: defaultSettings(), warnings: [warning], rewrite: false };
    }
    const fix = 'Flotilla uses default settings until the file can be read';
    const warning = settingsProblem(file, {}, { message: `the settings could not be read: ${message}`, fix }, 'warning');
    return { settings: defaultSettings(), warnings: [warning], rewrite: false };
  }
  if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) {
    return { settings: defaultSettings(), warnings: [], rewrite: false };
  }
  const migrated = migrateSettings(raw);
  if (!migrated.ok) {
    const warning = settingsProblem(file, {}, { message: migrated.message, fix: `${migrated.fix}; Flotilla uses default settings and ${await keptAs()}` }, 'warning');
    return { settings: defaultSettings(), warnings: [warning], rewrite: false };
  }
  if (migrated.from < SETTINGS_VERSION) logger.info('settings: migrated', { file, from: migrated.from, to: SETTINGS_VERSION });
  const check = checkSettingsValue(migrated.value, file);
  const warnings = check.problems.map(asWarning);
  let settings = check.settings;
  if (!settings || check.problems.length > 0) {
    settings = check.settings ?? salvageSettings(migrated.value, file);
    const how = check.settings ? 'unknown settings are dropped at the next save' : 'the settings in error are back to their defaults';
    warnings.push(settingsProblem(file, {}, { message: 'the file has problems (listed above)', fix: `${how}; ${await keptAs()}` }, 'warning'));
  }
  warnings.push(...(await checkSettingsFiles(settings, file, home, 'warning')));
  return { settings, warnings, rewrite: migrated.from < SETTINGS_VERSION && check.problems.length === 0 };
}
