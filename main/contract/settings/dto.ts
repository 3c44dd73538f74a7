import type { CredentialRef, KeychainCredentialRef } from '../credentials/dto';
import type { ErrorProblem } from '../errors';

export type Theme = 'system' | 'light' | 'dark';

/** The EC2 key pair and the matching private key file to use in one region. */
export interface RegionKeys {
  /** Name of the EC2 key pair, as in the EC2 console. */
  keyPair: string | null;
  /** Path of the private key file (`~` allowed); must exist with mode 600 or narrower. */
  sshKeyFile: string | null;
}

/** Every user setting (schema version 2). Secrets are never here: only references to the keychain. */
export interface Settings {
  version: 2;
  /** AWS regions the app works in; `defaultRegion` is one of them. */
  regions: string[];
  defaultRegion: string;
  /** Key pair and SSH key file per region code. */
  regionKeys: Record<string, RegionKeys>;
  /** User name for SSH when a project does not set `ssh-user`. */
  sshUser: string;
  /** Instance lifetime: the default for a launch and the most a launch may ask for. */
  ttl: { defaultMinutes: number; maxMinutes: number };
  /** Monthly spending cap in US dollars; null for none. */
  budgetCapUsd: number | null;
  /**
   * Where release revisions live, and how many old ones are kept; ssmOutputPrefix (null: off) is
   * where in that bucket SSM writes Sync now's whole output (SendCommand's OutputS3KeyPrefix).
   */
  revisions: { bucket: string | null; keep: number; ssmOutputPrefix: string | null };
  /** How long a launch hook may run before it is stopped. */
  hookTimeoutSeconds: number;
  /**
   * Desktop notifications for an instance that is ready, failed, or about to expire, and (desktop
   * app) for a downloaded update, offering to restart now; off, the update installs on quit.
   */
  notifications: { ready: boolean; failed: boolean; expiring: boolean; updates: boolean };
  theme: Theme;
  /** CIDR allowed into launched instances' security group; null for the caller's own address. */
  ingressCidr: string | null;
  /** URL that receives a POST on instance events; null for none. */
  webhookUrl: string | null;
  /** The AWS credentials in use; null until one is picked. */
  credential: CredentialRef | null;
  /** Access keys kept in the OS keychain (only their names and masked key ids are here). */
  keychainCredentials: KeychainCredentialRef[];
  /**
   * Closing the window keeps Flotilla running in the tray (true) or quits it (false); null, never
   * chosen: on where the desktop shows the tray icon (contract/tray.ts closesToTray).
   */
  closeToTray: boolean | null;
  launchAtLogin: boolean;
  /**
   * The terminal SSH opens in: the id of a terminal Flotilla knows for this OS (main/contract/terminals.ts:
   * Linux gnome-terminal, konsole, xterm, ...; macOS `Terminal` or `iTerm`; Windows `wt` or
   * `powershell`), `custom` for `customTerminal`, or null for the first one found.
   */
  terminal: string | null;
  /**
   * The program chosen and confirmed in the desktop app (settings.chooseTerminal), an absolute
   * path; used while `terminal` is `custom`. Never set by settings.update.
   */
  customTerminal: string | null;
  /** False opts out of automatic updates. */
  autoUpdate: boolean;
  /**
   * Per project id: launch values that replace the template's meta (imported from a product's
   * instance.config). A launch's own choices still win over these.
   */
  launchDefaults: Record<string, LaunchDefaults>;
}

/** One project's launch values from an instance.config; null leaves the template's (or settings') value. */
export interface LaunchDefaults {
  /** Replaces the template's image-id (`ami-` + 8 or 17 hex digits). */
  imageId: string | null;
  /** Replaces the template's instance-type. */
  instanceType: string | null;
  /** Replaces the template's region (an AMI belongs to one region). */
  region: string | null;
  /** How many instances a launch starts unless it says (1 to 20). */
  count: number | null;
  /** An existing security group (sg-...) instead of one Flotilla creates. */
  securityGroupId: string | null;
  /** Template option values by option name, over the template's defaults (a launch's own win). */
  options?: Record<string, string>;
  /** The file they were imported from, as shown to the user. */
  source: string | null;
}

/**
 * A change to the settings: top-level keys replace, nested objects (ttl, revisions,
 * notifications) merge. Credentials are changed through CredentialsApi, not here.
 */
export interface SettingsPatch {
  regions?: string[];
  defaultRegion?: string;
  regionKeys?: Record<string, RegionKeys>;
  sshUser?: string;
  ttl?: { defaultMinutes?: number; maxMinutes?: number };
  budgetCapUsd?: number | null;
  revisions?: { bucket?: string | null; keep?: number; ssmOutputPrefix?: string | null };
  hookTimeoutSeconds?: number;
  notifications?: { ready?: boolean; failed?: boolean; expiring?: boolean; updates?: boolean };
  theme?: Theme;
  ingressCidr?: string | null;
  webhookUrl?: string | null;
  /** null: back to the automatic choice. */
  closeToTray?: boolean | null;
  launchAtLogin?: boolean;
  /** A known terminal's id for this OS, null, or `custom` once a program was chosen with chooseTerminal. */
  terminal?: string | null;
  autoUpdate?: boolean;
  /** Replaces the whole map (remove a project's entry by leaving it out). */
  launchDefaults?: Record<string, LaunchDefaults>;
}

/** One thing wrong in a settings file, located by file, INI section and key, with the fix. */
export interface SettingsProblem extends ErrorProblem {
  severity: 'error' | 'warning';
  /** Path as shown to the user (home folder as `~`). */
  file: string;
  /** INI section without brackets (`EC2`), when the file is INI. */
  section?: string;
  /** INI key, or dotted path into the JSON settings (`ttl.maxMinutes`). */
  key?: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** `file: [EC2] key: message; fix`, ready to print. */
  text: string;
}

export interface SettingsView {
  settings: Settings;
  /** Where the settings are stored, as shown to the user. */
  file: string;
  /** Problems found when the file was read (corrupt file backed up, values reset), for a banner. */
  warnings: SettingsProblem[];
}

/** `settings`: Flotilla's JSON file; `aws-settings`: an INI user settings file; `instance-config`: a product's INI. */
export type SettingsFileKind = 'settings' | 'aws-settings' | 'instance-config';

export interface ValidateSettingsInput {
  kind: SettingsFileKind;
  /** The file to check; for `settings` without a path, Flotilla's own settings file. */
  path?: string;
  /** The file's text, when the renderer already has it (then `path` only names it). */
  content?: string;
}

export interface ValidateSettingsResult {
  problems: SettingsProblem[];
}

export interface ImportIniInput {
  kind: 'aws-settings' | 'instance-config';
  path: string;
  content?: string;
  /**
   * For an instance.config: the project whose launch defaults it sets. Default: the file's
   * folder name, when a project has that id.
   */
  project?: string;
}

/** What a product's `instance.config` sets, once validated. */
export interface InstanceConfig {
  imageId: string;
  instanceType: string;
  instanceCount: number;
  securityGroup: string | null;
  subnetId: string | null;
  region: string | null;
}

export interface ImportIniResult {
  /** Settings keys the import changed. */
  changed: string[];
  /** The keychain credential the import stored, when the file held an access key. */
  credential: KeychainCredentialRef | null;
  /** For an instance.config: its values, stored as `launchDefaults[project]`. */
  instanceConfig: InstanceConfig | null;
  /** For an instance.config: the project whose launch defaults it set. */
  project: string | null;
  /** Warnings (errors refuse the import with `invalid-input`). */
  problems: SettingsProblem[];
  settings: Settings;
}
