import type { Settings, SettingsPatch, SettingsProblem, Theme } from '@contract/settings/dto';

/** The settings form as the user types it: text fields stay text until saved. */
export interface Draft {
  regions: string;
  defaultRegion: string;
  regionKeys: Record<string, { keyPair: string; sshKeyFile: string }>;
  sshUser: string;
  ttlDefault: string;
  ttlMax: string;
  budget: string;
  bucket: string;
  keep: string;
  ssmOutputPrefix: string;
  hookTimeout: string;
  notifications: { ready: boolean; failed: boolean; expiring: boolean; updates: boolean };
  theme: Theme;
  ingressCidr: string;
  webhookUrl: string;
  /** null: automatic (on where the desktop shows the tray icon). */
  closeToTray: boolean | null;
  launchAtLogin: boolean;
  autoUpdate: boolean;
  terminal: string;
}

const text = (v: number | string | null) => (v === null ? '' : String(v));

export function toDraft(s: Settings): Draft {
  return {
    regions: s.regions.join(', '),
    defaultRegion: s.defaultRegion,
    regionKeys: Object.fromEntries(
      Object.entries(s.regionKeys).map(([r, k]) => [r, { keyPair: text(k.keyPair), sshKeyFile: text(k.sshKeyFile) }]),
    ),
    sshUser: s.sshUser,
    ttlDefault: text(s.ttl.defaultMinutes),
    ttlMax: text(s.ttl.maxMinutes),
    budget: text(s.budgetCapUsd),
    bucket: text(s.revisions.bucket),
    keep: text(s.revisions.keep),
    ssmOutputPrefix: text(s.revisions.ssmOutputPrefix),
    hookTimeout: text(s.hookTimeoutSeconds),
    notifications: { ...s.notifications },
    theme: s.theme,
    ingressCidr: text(s.ingressCidr),
    webhookUrl: text(s.webhookUrl),
    closeToTray: s.closeToTray,
    launchAtLogin: s.launchAtLogin,
    autoUpdate: s.autoUpdate,
    terminal: text(s.terminal),
  };
}

/** Region codes from the regions field (commas or spaces between them). */
export function regionList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The patch for a draft, or the problems that stop it being sent (numbers that are not numbers). */
export function toPatch(draft: Draft, file: string): { patch: SettingsPatch; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const number = (key: string, value: string, optional = false): number | null => {
    const trimmed = value.trim();
    if (trimmed === '' && optional) return null;
    const n = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(n)) {
      const message = trimmed === '' ? 'is empty' : `'${trimmed}' is not a number`;
      const fix = optional ? 'enter a number, or leave it empty for none' : 'enter a number';
      problems.push({ severity: 'error', file, key, message, fix, text: `${file}: ${key}: ${message}; ${fix}` });
      return null;
    }
    return n;
  };
  const regions = regionList(draft.regions);
  const regionKeys: SettingsPatch['regionKeys'] = {};
  for (const region of regions) {
    const keys = draft.regionKeys[region];
    if (keys && (keys.keyPair.trim() || keys.sshKeyFile.trim())) {
      regionKeys[region] = { keyPair: orNull(keys.keyPair), sshKeyFile: orNull(keys.sshKeyFile) };
    }
  }
  const defaultMinutes = number('ttl.defaultMinutes', draft.ttlDefault);
  const maxMinutes = number('ttl.maxMinutes', draft.ttlMax);
  const budgetCapUsd = number('budgetCapUsd', draft.budget, true);
  const keep = number('revisions.keep', draft.keep);
  const hookTimeoutSeconds = number('hookTimeoutSeconds', draft.hookTimeout);
  const patch: SettingsPatch = {
    regions,
    defaultRegion: draft.defaultRegion.trim(),
    regionKeys,
    sshUser: draft.sshUser.trim(),
    ttl: { defaultMinutes: defaultMinutes ?? 0, maxMinutes: maxMinutes ?? 0 },
    budgetCapUsd,
    revisions: { bucket: orNull(draft.bucket), keep: keep ?? 0, ssmOutputPrefix: orNull(draft.ssmOutputPrefix) },
    hookTimeoutSeconds: hookTimeoutSeconds ?? 0,
    notifications: { ...draft.notifications },
    theme: draft.theme,
    ingressCidr: orNull(draft.ingressCidr),
    webhookUrl: orNull(draft.webhookUrl),
    closeToTray: draft.closeToTray,
    launchAtLogin: draft.launchAtLogin,
    autoUpdate: draft.autoUpdate,
    terminal: orNull(draft.terminal),
  };
  return { patch, problems };
}
