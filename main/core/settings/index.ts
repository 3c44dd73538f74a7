/** Settings: what other parts of the core, the hosts and the CLI may use. */
export { createSettingsService, type SettingsService, type SettingsServiceOptions, type SettingsListener } from './service';
export { createMemorySettingsStore, isCorruptFileError, corruptFileError, type SettingsFileStore, type CorruptFileData } from './store';
export { defaultSettings, settingsSchema, SETTINGS_VERSION } from './schema';
export { migrateSettings } from './migrate';
export { validateSettingsFile, checkSettingsText } from './validate-file';
export { checkAwsSettingsIni, checkInstanceConfigIni, type AwsUserSettings } from './ini-files';
export { AWS_REGIONS, isKnownRegion } from './regions';
export { INSTANCE_FAMILIES } from './instance-types';
export { amiRule, instanceTypeRule, regionRule, urlRule } from './rules';
