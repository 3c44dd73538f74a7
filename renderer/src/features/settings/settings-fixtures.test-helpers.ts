import { vi } from 'vitest';
import type { AwsProfile, CredentialRef, CredentialsOverview, KeychainCredentialRef } from '@contract/credentials/dto';
import type { ImportIniInput, ImportIniResult, Settings, SettingsPatch, SettingsProblem, SettingsView } from '@contract/settings/dto';
import type { EnvironmentCredentials } from '@contract/setup/dto';
import { fail, ok, type Result } from '@contract/errors';
import { createFakeClient } from '../../test/fake-client';

export const baseSettings: Settings = {
  version: 2,
  regions: ['us-east-1', 'eu-west-1'],
  defaultRegion: 'us-east-1',
  regionKeys: { 'us-east-1': { keyPair: 'ada-key', sshKeyFile: '~/.ssh/ada.pem' } },
  sshUser: 'ec2-user',
  ttl: { defaultMinutes: 240, maxMinutes: 1440 },
  budgetCapUsd: null,
  revisions: { bucket: null, keep: 5, ssmOutputPrefix: null },
  hookTimeoutSeconds: 300,
  notifications: { ready: true, failed: true, expiring: true, updates: true },
  theme: 'system',
  ingressCidr: null,
  webhookUrl: null,
  credential: null,
  keychainCredentials: [],
  closeToTray: null,
  launchAtLogin: false,
  autoUpdate: true,
  terminal: null,
  customTerminal: null,
  launchDefaults: {},
};

export const profile = (name: string, extra: Partial<AwsProfile> = {}): AwsProfile => ({
  name,
  kind: 'static',
  region: 'us-east-1',
  mfaRequired: false,
  mfaSerial: null,
  sso: null,
  roleArn: null,
  sourceProfile: null,
  keyIdHint: null,
  problem: null,
  ...extra,
});

export const profiles: AwsProfile[] = [
  profile('default', { keyIdHint: 'AKIA…ABCD' }),
  profile('dev-sso', {
    kind: 'sso',
    region: 'eu-west-1',
    sso: { startUrl: 'https://ada.awsapps.com/start', session: 'ada', region: 'eu-west-1', tokenValid: false, expiresAt: null },
  }),
  profile('admin', { kind: 'assume-role', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceProfile: 'default', mfaRequired: true, mfaSerial: 'arn:aws:iam::123456789012:mfa/ada' }),
];

export function settingsProblem(key: string, message: string, fix: string): SettingsProblem {
  const file = '~/.config/flotilla/settings.json';
  return { severity: 'error', file, key, message, fix, text: `${file}: ${key}: ${message}; ${fix}` };
}

/** The app's fake client plus in-memory settings and credentials services. */
export function createSettingsFake(init: { warnings?: SettingsProblem[]; keychain?: KeychainCredentialRef[]; profiles?: AwsProfile[]; environment?: EnvironmentCredentials } = {}) {
  const fake = createFakeClient();
  const data = {
    settings: structuredClone(baseSettings),
    overview: {
      profiles: structuredClone(init.profiles ?? profiles),
      keychain: init.keychain ?? [],
      selected: null as CredentialRef | null,
      files: { config: '~/.aws/config', credentials: '~/.aws/credentials' },
      problems: [],
      environment: init.environment ?? null,
    } satisfies CredentialsOverview,
  };
  const view = (): SettingsView => ({ settings: structuredClone(data.settings), file: '~/.config/flotilla/settings.json', warnings: init.warnings ?? [] });
  const settings = {
    get: vi.fn(async () => ok(view())),
    update: vi.fn(async ({ patch }: { patch: SettingsPatch }) => {
      const next = { ...data.settings, ...patch, ttl: { ...data.settings.ttl, ...patch.ttl }, revisions: { ...data.settings.revisions, ...patch.revisions }, notifications: { ...data.settings.notifications, ...patch.notifications } } as Settings;
      data.settings = next;
      return ok(view());
    }),
    validate: vi.fn(async () => ok({ problems: [] as SettingsProblem[] })),
    importIni: vi.fn(async (_input: ImportIniInput): Promise<Result<ImportIniResult>> => fail('unavailable', 'not faked')),
    chooseTerminal: vi.fn(async (_input: Record<string, never>): Promise<Result<SettingsView>> => fail('unavailable', 'not faked')),
  };
  const credentials = {
    list: vi.fn(async () => ok(structuredClone(data.overview))),
    select: vi.fn(async ({ ref }: { ref: CredentialRef | null }) => {
      data.overview.selected = ref;
      return ok(structuredClone(data.overview));
    }),
    saveKey: vi.fn(async ({ name, accessKeyId }: { name: string; accessKeyId: string; secretAccessKey: string }) => {
      const ref: KeychainCredentialRef = { kind: 'keychain', name, keyIdHint: `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` };
      data.overview.keychain = [...data.overview.keychain, ref];
      return ok(ref);
    }),
    rotateKey: vi.fn(async ({ name, accessKeyId }: { name: string; accessKeyId: string }) => {
      const ref: KeychainCredentialRef = { kind: 'keychain', name, keyIdHint: `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` };
      data.overview.keychain = data.overview.keychain.map((k) => (k.name === name ? ref : k));
      return ok(ref);
    }),
    deleteKey: vi.fn(async ({ name }: { name: string }) => {
      data.overview.keychain = data.overview.keychain.filter((k) => k.name !== name);
      return ok(structuredClone(data.overview));
    }),
    ssoLogin: vi.fn(async ({ profile: name }: { profile: string }) => {
      const p = data.overview.profiles.find((x) => x.name === name)!;
      p.sso = { ...p.sso!, tokenValid: true, expiresAt: '2030-01-01T00:00:00Z' };
      return ok(structuredClone(p));
    }),
    cancelSsoLogin: vi.fn(async (_input: { profile: string }) => ok({ cancelled: true })),
    test: vi.fn(async (_input: { ref?: CredentialRef; mfaCode?: string }) =>
      ok({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/ada', userId: 'AIDAEXAMPLE', region: 'us-east-1', credential: { kind: 'profile', name: 'default' } as CredentialRef | null, source: 'profile default' }),
    ),
  };
  Object.assign(fake.api.settings, settings);
  Object.assign(fake.api.credentials, credentials);
  return { fake, data, settings, credentials };
}
