import type { SettingsView } from './dto';

/** Every event the settings service emits, with its payload. */
export interface SettingsEventMap {
  /** The settings changed: what every view shows now. */
  'settings.changed': SettingsView;
}

export const settingsEventNames = ['settings.changed'] as const satisfies readonly (keyof SettingsEventMap)[];
