/**
 * The one table of Settings' defaults. The settings schema, the Instances service's own defaults,
 * flotilla-agent's and the README's "Defaults" table all come from here (defaults.test.ts holds the
 * README to it).
 */
export interface DefaultRow {
  /** How Settings (the app) labels it. */
  setting: string;
  /** Its key in settings.json. */
  key: string;
  /** As the README shows it. */
  shown: string;
}

export const DEFAULT_REGION = 'us-east-1';
/** A launch's time to live when neither the launch nor the template gives one: 24 h. */
export const DEFAULT_TTL_MINUTES = 1440;
/** The longest TTL or extension from now: 7 days. */
export const MAX_TTL_MINUTES = 10_080;
export const DEFAULT_SSH_USER = 'ec2-user';
export const DEFAULT_REVISIONS_KEPT = 5;
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 300;
/** How long a launched instance may take to answer its ready URL (not a setting yet): 20 min. */
export const DEFAULT_READY_TIMEOUT_MINUTES = 20;

/** 1440 → `24h`, 90 → `90m`: the way a TTL default is shown and passed on. */
export function minutesText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

export const DEFAULTS_TABLE: readonly DefaultRow[] = [
  { setting: 'Regions', key: 'regions', shown: DEFAULT_REGION },
  { setting: 'Default region', key: 'defaultRegion', shown: `${DEFAULT_REGION} (or \`AWS_REGION\`)` },
  { setting: 'Default lifetime (minutes)', key: 'ttl.defaultMinutes', shown: `${DEFAULT_TTL_MINUTES} (${minutesText(DEFAULT_TTL_MINUTES)})` },
  { setting: 'Maximum lifetime (minutes)', key: 'ttl.maxMinutes', shown: `${MAX_TTL_MINUTES} (${minutesText(MAX_TTL_MINUTES)}, 7 days)` },
  { setting: 'Default SSH user', key: 'sshUser', shown: DEFAULT_SSH_USER },
  { setting: 'Old revisions kept', key: 'revisions.keep', shown: String(DEFAULT_REVISIONS_KEPT) },
  { setting: 'Hook timeout (seconds)', key: 'hookTimeoutSeconds', shown: String(DEFAULT_HOOK_TIMEOUT_SECONDS) },
  { setting: 'Monthly budget cap (USD)', key: 'budgetCapUsd', shown: 'none' },
  { setting: 'Ingress CIDR', key: 'ingressCidr', shown: 'your public IP /32' },
];

/** The README's table, row by row, as markdown. */
export function defaultsMarkdown(): string {
  return ['| Setting | Key in settings.json | Default |', '| --- | --- | --- |', ...DEFAULTS_TABLE.map((r) => `| ${r.setting} | \`${r.key}\` | ${r.shown} |`)].join('\n');
}
