import ElectronStore from 'electron-store';
import type { SettingsStore } from '../../core/ports';
import { createConfSettingsStore, settingsConfOptions } from '../../serve/conf-settings-store';

/** The desktop app's settings: electron-store (atomic writes, mode 600) in the app's data folder. */
export function openElectronSettingsStore(userDataDir: string): SettingsStore {
  return createConfSettingsStore(new ElectronStore<Record<string, unknown>>({ ...settingsConfOptions({ cwd: userDataDir }) }));
}
