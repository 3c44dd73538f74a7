import type { NoInput } from '../api';
import type { ImportIniInput, ImportIniResult, SettingsPatch, SettingsView, ValidateSettingsInput, ValidateSettingsResult } from './dto';

/** Settings page: read, change, check and import settings. Values are validated in main. */
export interface SettingsApi {
  get(input: NoInput): Promise<SettingsView>;
  /** Merges the patch, validates the result and saves it; `invalid-input` with data.problems if refused. */
  update(input: { patch: SettingsPatch }): Promise<SettingsView>;
  /** Checks a settings file (Flotilla's own, an INI user settings file or an instance.config). */
  validate(input: ValidateSettingsInput): Promise<ValidateSettingsResult>;
  /** Imports an INI file; an access key in it goes to the keychain, never to the settings file. */
  importIni(input: ImportIniInput): Promise<ImportIniResult>;
  /**
   * Desktop app only: asks for a terminal program with the OS's file dialog, then to confirm it by
   * name; saves it as `customTerminal` and sets `terminal` to `custom`. Cancelled: nothing changes.
   * Elsewhere (browser mode) `unavailable`: custom terminals are chosen in the desktop app.
   */
  chooseTerminal(input: NoInput): Promise<SettingsView>;
}
