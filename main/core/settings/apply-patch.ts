import type { Settings, SettingsPatch } from '../../contract/settings/dto';
import { FlotillaError } from '../../contract/errors';

const NESTED = ['ttl', 'revisions', 'notifications'] as const;
/** Changed through CredentialsApi (or not at all), never through a settings patch. */
const NOT_PATCHABLE = ['version', 'credential', 'keychainCredentials'];
/** Set only by settings.chooseTerminal (the desktop app's dialogs), even for a caller past the payload schema. */
const CHOSEN_IN_DESKTOP = ['customTerminal'];

/** The settings with the patch applied: top-level keys replace, nested objects merge. Not validated. */
export function applyPatch(current: Settings, patch: SettingsPatch): Record<string, unknown> {
  const next: Record<string, unknown> = { ...structuredClone(current) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (CHOSEN_IN_DESKTOP.includes(key)) {
      throw new FlotillaError('invalid-input', `The setting '${key}' cannot be changed this way; choose the program with Settings → Terminal → Choose program… in the desktop app.`, { field: key });
    }
    if (NOT_PATCHABLE.includes(key)) {
      throw new FlotillaError('invalid-input', `The setting '${key}' cannot be changed this way; choose AWS credentials in Settings → AWS accounts.`, { field: key });
    }
    if ((NESTED as readonly string[]).includes(key) && value !== null && typeof value === 'object') {
      const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
      next[key] = { ...(next[key] as object), ...defined };
    } else {
      next[key] = structuredClone(value);
    }
  }
  return next;
}

/** Top-level keys whose value differs between two settings objects. */
export function changedKeys(before: Settings, after: Settings): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k as keyof Settings]) !== JSON.stringify(after[k as keyof Settings]));
}
