import { z } from 'zod';
import type { NoInput } from './api';
import type {
  ConnectionTest,
  CredentialRef,
  CredentialsOverview,
  AwsProfile,
  KeychainCredentialRef,
  SaveKeyInput,
  TestConnectionInput,
} from './dto/credentials';
import type {
  ImportIniInput,
  ImportIniResult,
  SettingsPatch,
  SettingsView,
  ValidateSettingsInput,
  ValidateSettingsResult,
} from './dto/settings';

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

/** Settings → AWS accounts. No answer ever carries a secret. */
export interface CredentialsApi {
  list(input: NoInput): Promise<CredentialsOverview>;
  /** Picks the credentials the app uses (null: none). */
  select(input: { ref: CredentialRef | null }): Promise<CredentialsOverview>;
  /** Stores a new access key pair in the OS keychain under `name`. */
  saveKey(input: SaveKeyInput): Promise<KeychainCredentialRef>;
  /** Replaces the key pair stored under an existing `name`. */
  rotateKey(input: SaveKeyInput): Promise<KeychainCredentialRef>;
  deleteKey(input: { name: string }): Promise<CredentialsOverview>;
  /**
   * Signs in to the profile's SSO session through the system browser (OIDC device authorization):
   * a `credentials.ssoPending` event carries the code to check, and the call answers the profile
   * once the sign-in is approved (or fails: denied, code expired, cancelled with data.cancelled).
   */
  ssoLogin(input: { profile: string }): Promise<AwsProfile>;
  /** Stops a waiting SSO sign-in of the profile; false when none was running. */
  cancelSsoLogin(input: { profile: string }): Promise<{ cancelled: boolean }>;
  /** STS GetCallerIdentity with the given (or selected) credentials. */
  test(input: TestConnectionInput): Promise<ConnectionTest>;
}

// Payload schemas, one per method, for the method table (methods.ts). They check shape and size
// only; the services check meaning and answer with messages that name the key and the fix.

const noInput = z.strictObject({});
const text = (max: number) => z.string().max(max, `is longer than ${max} characters`);
const credentialName = z.string().min(1, 'name is empty').max(64, 'name is longer than 64 characters');
const credentialRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keychain'), name: credentialName, keyIdHint: text(40) }),
  z.strictObject({ kind: z.literal('profile'), name: text(200) }),
]);
const nullableText = (max: number) => text(max).nullable();
const regionKeys = z.strictObject({ keyPair: nullableText(255), sshKeyFile: nullableText(4096) });
const launchDefaults = z.strictObject({
  imageId: nullableText(64),
  instanceType: nullableText(64),
  region: nullableText(32),
  count: z.number().nullable(),
  securityGroupId: nullableText(64),
  options: z.record(text(64), text(1024)).optional(),
  source: nullableText(4096),
});

const settingsPatch = z.strictObject({
  regions: z.array(text(32)).max(64).optional(),
  defaultRegion: text(32).optional(),
  regionKeys: z.record(text(32), regionKeys).optional(),
  sshUser: text(64).optional(),
  ttl: z.strictObject({ defaultMinutes: z.number().optional(), maxMinutes: z.number().optional() }).optional(),
  budgetCapUsd: z.number().nullable().optional(),
  revisions: z.strictObject({ bucket: nullableText(63).optional(), keep: z.number().optional() }).optional(),
  hookTimeoutSeconds: z.number().optional(),
  notifications: z
    .strictObject({ ready: z.boolean().optional(), failed: z.boolean().optional(), expiring: z.boolean().optional(), updates: z.boolean().optional() })
    .optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  ingressCidr: nullableText(64).optional(),
  webhookUrl: nullableText(2048).optional(),
  closeToTray: z.boolean().nullable().optional(),
  launchAtLogin: z.boolean().optional(),
  // A terminal's id (main/contract/terminals.ts), `custom` or null; the service checks which. No
  // customTerminal: a program path is set only through chooseTerminal's dialogs.
  terminal: nullableText(64).optional(),
  autoUpdate: z.boolean().optional(),
  launchDefaults: z.record(text(200), launchDefaults).optional(),
});

const fileInput = { path: text(4096), content: text(1_000_000).optional() };

/** Keyed by method name; register as `'settings.get': settingsInputSchemas.get`, ... */
export const settingsInputSchemas = {
  get: noInput,
  update: z.strictObject({ patch: settingsPatch }),
  validate: z.strictObject({
    kind: z.enum(['settings', 'aws-settings', 'instance-config']),
    path: fileInput.path.optional(),
    content: fileInput.content,
  }),
  importIni: z.strictObject({ kind: z.enum(['aws-settings', 'instance-config']), ...fileInput, project: text(200).optional() }),
  chooseTerminal: noInput,
} satisfies { [M in keyof SettingsApi]: z.ZodType<Parameters<SettingsApi[M]>[0]> };

// Secret fields carry no value-echoing messages: a refused payload must not repeat a secret.
const saveKey = z.strictObject({
  name: credentialName,
  accessKeyId: text(128),
  secretAccessKey: text(256),
  sessionToken: text(8192).optional(),
});

/** Keyed by method name; register as `'credentials.list': credentialsInputSchemas.list`, ... */
export const credentialsInputSchemas = {
  list: noInput,
  select: z.strictObject({ ref: credentialRef.nullable() }),
  saveKey,
  rotateKey: saveKey,
  deleteKey: z.strictObject({ name: credentialName }),
  ssoLogin: z.strictObject({ profile: text(200).min(1, 'profile is empty') }),
  cancelSsoLogin: z.strictObject({ profile: text(200).min(1, 'profile is empty') }),
  test: z.strictObject({ ref: credentialRef.optional(), mfaCode: text(16).optional() }),
} satisfies { [M in keyof CredentialsApi]: z.ZodType<Parameters<CredentialsApi[M]>[0]> };

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mismatch<Api, Schemas extends { [M in keyof Api]: z.ZodType }> = {
  [M in keyof Api]: Api[M] extends (input: infer I) => unknown ? (Equal<z.infer<Schemas[M]>, I> extends true ? never : M) : M;
}[keyof Api];

// If one of these lines fails to compile, a schema above parses to a different type than its method's input.
export const settingsSchemasExact: [Mismatch<SettingsApi, typeof settingsInputSchemas>] extends [never] ? true : never = true;
export const credentialsSchemasExact: [Mismatch<CredentialsApi, typeof credentialsInputSchemas>] extends [never] ? true : never = true;
