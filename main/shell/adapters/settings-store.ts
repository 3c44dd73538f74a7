import ElectronStore from 'electron-store';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SettingsStore } from '../../core/ports';
import { createConfSettingsStore, settingsConfOptions } from '../../serve/conf-settings-store';

/**
 * The desktop app's settings: electron-store (atomic writes, mode 600) in the app's data folder,
 * as `settings.json`. electron-store sets conf's `configName` from its own `name` option (default
 * 'config'), overwriting any `configName` passed in (node_modules/electron-store/index.js), so the
 * name is given as `name`. Builds before this fix wrote `config.json`: it is taken over once.
 */
export function openElectronSettingsStore(userDataDir: string): SettingsStore {
  const { configName, ...options } = settingsConfOptions({ cwd: userDataDir });
  const file = path.join(userDataDir, `${configName}.json`);
  const earlier = path.join(userDataDir, 'config.json');
  if (!existsSync(file) && existsSync(earlier)) renameSync(earlier, file);
  return createConfSettingsStore(new ElectronStore<Record<string, unknown>>({ ...options, name: configName }));
}
