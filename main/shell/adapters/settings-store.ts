import ElectronStore from 'electron-store';
import type { Logger } from '../../core/ports';
import type { SettingsFileStore } from '../../core/settings/store';
import { createConfSettingsStore, settingsConfOptions } from '../../node/conf-settings-store';
import { adoptEarlierSettings, resolveSettingsLocation, type SettingsLocationInput } from '../../node/settings-location';

/**
 * The desktop app's settings: electron-store (atomic writes, mode 600) over the one settings file
 * browser mode and the CLI use too (node/settings-location.ts: FLOTILLA_CONFIG_DIR, else
 * FLOTILLA_USER_DATA_DIR, else e.g. ~/.config/flotilla/settings.json), whatever the build; a
 * development build keeps only its window state and logs in its own profile folder. The file that
 * earlier builds kept in Electron's userData folder (settings.json, or config.json before that) is
 * moved there when it is the only one, and reported in Settings when both exist and differ.
 *
 * electron-store sets conf's `configName` from its own `name` option (default 'config'),
 * overwriting any `configName` passed in (node_modules/electron-store/index.js), so the name is
 * given as `name`.
 */
export function openElectronSettingsStore(input: SettingsLocationInput, logger?: Logger): SettingsFileStore {
  const location = resolveSettingsLocation(input);
  const { notices } = adoptEarlierSettings(location, { home: input.home, ...(logger ? { logger } : {}) });
  const { configName, ...options } = settingsConfOptions({ cwd: location.dir });
  return createConfSettingsStore(new ElectronStore<Record<string, unknown>>({ ...options, name: configName }), notices);
}
