import { z } from 'zod';
import type { Settings } from '../../contract/settings/dto';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, DEFAULT_REGION, DEFAULT_REVISIONS_KEPT, DEFAULT_SSH_USER, DEFAULT_TTL_MINUTES, MAX_TTL_MINUTES } from '../shared/defaults';
import { optionNameRule, optionValueRule, projectIdRule, securityGroupIdRule } from './launch-defaults';
import {
  amiRule,
  bucketRule,
  cidrRule,
  credentialNameRule,
  customTerminalRule,
  instanceTypeRule,
  integerRule,
  keyPairRule,
  regionRule,
  sshUserRule,
  ssmOutputPrefixRule,
  terminalRule,
  urlRule,
  type Rule,
} from './rules';

export const SETTINGS_VERSION = 2;

/** Runs a rule inside zod; the fix travels in the issue's params. */
function ruled<T>(rule: Rule<T>) {
  return (ctx: z.core.ParsePayload<T>) => {
    const problem = rule(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem.message, input: ctx.value, params: { fix: problem.fix } });
  };
}

const region = z.string().check(ruled(regionRule));

/** One project's values from an instance.config, checked with the rules the import uses. */
const launchDefaults = z.object({
  imageId: z.string().check(ruled(amiRule)).nullable().default(null),
  instanceType: z.string().check(ruled(instanceTypeRule)).nullable().default(null),
  region: region.nullable().default(null),
  count: z.number().check(ruled(integerRule(1, 20, 'instances'))).nullable().default(null),
  securityGroupId: z.string().check(ruled(securityGroupIdRule)).nullable().default(null),
  // Template option values by name; checked against the template's declarations at launch.
  options: z.record(z.string().check(ruled(optionNameRule)), z.string().check(ruled(optionValueRule))).optional(),
  source: z.string().max(4096).nullable().default(null),
});
const minutes = (min: number, max: number) => z.number().check(ruled(integerRule(min, max, 'minutes')));

const credentialName = z.string().check(ruled(credentialNameRule));
const keychainRef = z.object({ kind: z.literal('keychain'), name: credentialName, keyIdHint: z.string().max(40) });
const profileRef = z.object({ kind: z.literal('profile'), name: z.string().min(1).max(200) });

/** Every setting with its default; parse({}) gives the defaults. */
export const settingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
    regions: z.array(region).min(1, 'lists no region').default([DEFAULT_REGION]),
    defaultRegion: region.default(DEFAULT_REGION),
    regionKeys: z
      .record(region, z.object({
        keyPair: z.string().check(ruled(keyPairRule)).nullable().default(null),
        sshKeyFile: z.string().min(1, 'is empty').nullable().default(null),
      }))
      .default({}),
    sshUser: z.string().check(ruled(sshUserRule)).default(DEFAULT_SSH_USER),
    ttl: z.object({ defaultMinutes: minutes(5, 10_080).default(DEFAULT_TTL_MINUTES), maxMinutes: minutes(5, 43_200).default(MAX_TTL_MINUTES) }).prefault({}),
    budgetCapUsd: z
      .number()
      .check(
        ruled((v: number) =>
          Number.isFinite(v) && v > 0 && v <= 1_000_000
            ? null
            : { message: `${v} is not an amount from 0 to 1000000 dollars`, fix: 'set a positive amount, or null for no cap' },
        ),
      )
      .nullable()
      .default(null),
    revisions: z
      .object({
        bucket: z.string().check(ruled(bucketRule)).nullable().default(null),
        keep: z.number().check(ruled(integerRule(0, 100, 'revisions'))).default(DEFAULT_REVISIONS_KEPT),
        // Sync now over SSM: SSM also writes the whole output under this prefix of the bucket (null: off).
        ssmOutputPrefix: z.string().check(ruled(ssmOutputPrefixRule)).nullable().default(null),
      })
      .prefault({}),
    hookTimeoutSeconds: z.number().check(ruled(integerRule(1, 3600, 'seconds'))).default(DEFAULT_HOOK_TIMEOUT_SECONDS),
    notifications: z
      .object({ ready: z.boolean().default(true), failed: z.boolean().default(true), expiring: z.boolean().default(true), updates: z.boolean().default(true) })
      .prefault({}),
    theme: z.enum(['system', 'light', 'dark']).default('system'),
    ingressCidr: z.string().check(ruled(cidrRule)).nullable().default(null),
    webhookUrl: z.string().check(ruled(urlRule('webhook URL'))).nullable().default(null),
    credential: z.discriminatedUnion('kind', [keychainRef, profileRef]).nullable().default(null),
    keychainCredentials: z.array(keychainRef).default([]),
    // null until the user chooses: on where the desktop shows the tray icon (contract/tray.ts).
    closeToTray: z.boolean().nullable().default(null),
    launchAtLogin: z.boolean().default(false),
    terminal: z.string().check(ruled(terminalRule)).nullable().default(null),
    customTerminal: z.string().check(ruled(customTerminalRule)).nullable().default(null),
    autoUpdate: z.boolean().default(true),
    launchDefaults: z.record(z.string().check(ruled(projectIdRule)), launchDefaults).default({}),
  })
  .check((ctx) => {
    const s = ctx.value;
    const issue = (path: PropertyKey[], message: string, fix: string) =>
      ctx.issues.push({ code: 'custom', message, input: s, path, params: { fix } });
    if (!s.regions.includes(s.defaultRegion)) {
      issue(['defaultRegion'], `${s.defaultRegion} is not one of the regions (${s.regions.join(', ')})`, `add ${s.defaultRegion} to regions, or pick one of them`);
    }
    const twice = s.regions.filter((r, i) => s.regions.indexOf(r) !== i);
    if (twice.length) issue(['regions'], `lists ${twice.join(', ')} more than once`, 'list each region once');
    if (s.ttl.defaultMinutes > s.ttl.maxMinutes) {
      issue(['ttl', 'defaultMinutes'], `${s.ttl.defaultMinutes} is more than the maximum (${s.ttl.maxMinutes})`, 'lower the default or raise ttl.maxMinutes');
    }
    if (s.terminal === 'custom' && s.customTerminal === null) {
      issue(['terminal'], "is 'custom', but no program was chosen", 'choose one with Settings → Terminal → Choose program… in the desktop app, or pick a terminal from the list');
    }
    const names = s.keychainCredentials.map((c) => c.name);
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    if (dup.length) issue(['keychainCredentials'], `names ${dup.join(', ')} more than once`, 'keep one entry per name');
    if (s.credential?.kind === 'keychain' && !names.includes(s.credential.name)) {
      issue(['credential'], `refers to the keychain credential '${s.credential.name}', which is not in keychainCredentials`, 'pick another one in Settings → AWS accounts');
    }
  });

/** Compile-time guard: the schema's output is exactly the Settings DTO. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesDto: Same<z.output<typeof settingsSchema>, Settings> = true;

/** Top-level keys a settings file may have. */
export const SETTINGS_KEYS: readonly string[] = Object.keys(settingsSchema.shape);

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
