import { z } from 'zod';
import { noInput, nullableText, text } from '../schema-rules';
import type { SettingsApi } from './api';

// Payload schemas for SettingsApi, one per method, for the method table (methods.ts). They check
// shape and size only; the service checks meaning and answers with messages that name the key and the fix.

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
  revisions: z.strictObject({ bucket: nullableText(63).optional(), keep: z.number().optional(), ssmOutputPrefix: nullableText(200).optional() }).optional(),
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
} satisfies { [M in keyof SettingsApi]: z.ZodType };
