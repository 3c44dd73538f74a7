/** The flotilla:* tags every launched instance carries, and reading tags back. */

export const TAG = {
  project: 'flotilla:project',
  branch: 'flotilla:branch',
  gitUser: 'flotilla:git-user',
  owner: 'flotilla:owner',
  expiresAt: 'flotilla:expires-at',
  launchId: 'flotilla:launch-id',
  /** The revision (`<package>.<rev>`) the instance was launched with, for templates with a package. */
  revision: 'flotilla:revision',
  /** How the instance is reached: ssh, ssm or both (the project's `access` at launch). */
  access: 'flotilla:access',
  /** The project's ready-url as launched (with `localhost`), so every teammate can probe and open it. */
  readyUrl: 'flotilla:ready-url',
  /** Set when the ready-url first answered, so the whole team sees it ready. */
  readyAt: 'flotilla:ready-at',
  /** On instances: the group this launch created (deleted with its last instance). */
  securityGroup: 'flotilla:security-group',
  /** Set by the expiry guard from IMDS spot/instance-action: when EC2 will interrupt this Spot instance (ISO 8601). */
  interruption: 'flotilla:interruption',
  /** On security groups: when it was created (orphans are only removed once old). */
  createdAt: 'flotilla:created-at',
} as const;

/** The flotilla:expires-at value of a pinned instance. */
export const PINNED = 'never';

export interface Ec2Tag {
  Key?: string | undefined;
  Value?: string | undefined;
}

export function tagMap(tags: readonly Ec2Tag[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

export function toEc2Tags(map: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(map).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * Launched by Flotilla: has flotilla:project and flotilla:launch-id. Anything else is never
 * terminated, swept, extended or pinned by Flotilla.
 */
export function isFlotillaTagged(tags: Record<string, string>): boolean {
  return Boolean(tags[TAG.project]) && Boolean(tags[TAG.launchId]);
}

/** ISO 8601 to the second (`2025-06-01T12:00:00Z`), which `date -d` on the instance reads. */
export function formatExpiry(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type Expiry = { kind: 'at'; at: Date } | { kind: 'pinned' } | { kind: 'missing' };

export function parseExpiry(value: string | undefined): Expiry {
  if (value === undefined || value.trim() === '') return { kind: 'missing' };
  if (value.trim() === PINNED) return { kind: 'pinned' };
  const time = Date.parse(value);
  return Number.isNaN(time) ? { kind: 'missing' } : { kind: 'at', at: new Date(time) };
}

/** Keys IMDS can expose as instance-metadata tags (it refuses to enable tags if any key breaks this). */
const IMDS_TAG_KEY = /^[A-Za-z0-9+\-=._:@]{1,128}$/;
/** Project meta keys that also become tags when set. */
export const META_TAG_KEYS = ['env', 'site', 'queue', 'role'] as const;

/**
 * The project's own tags: `tags = role=web, env=dev` plus the meta keys env/site/queue/role
 * (which win over the same key in `tags`). Problems say which entry is refused and why.
 */
export function projectTags(meta: Record<string, string>): { tags: Record<string, string>; problems: string[] } {
  const tags: Record<string, string> = {};
  const problems: string[] = [];
  const add = (key: string, value: string, where: string) => {
    if (!IMDS_TAG_KEY.test(key) || key === '.' || key === '..' || key === '_') {
      problems.push(`${where}: tag key '${key}' may only use letters, digits and + - = . _ : @ (EC2 instance-metadata tags)`);
    } else if (/^(aws:|flotilla:)/i.test(key) || key === 'Name') {
      problems.push(`${where}: tag key '${key}' is reserved; choose another name`);
    } else if (value.length > 256) {
      problems.push(`${where}: the value of tag '${key}' is ${value.length} characters; EC2 allows 256`);
    } else {
      tags[key] = value;
    }
  };
  for (const entry of (meta.tags ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      problems.push(`tags: '${entry.trim()}' is not key=value; write tags as "role=web, env=dev"`);
      continue;
    }
    add(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim(), 'tags');
  }
  for (const key of META_TAG_KEYS) {
    const value = meta[key]?.trim();
    if (value) add(key, value, key);
  }
  return { tags, problems };
}

/** The tags shown on an instance: everything but Name and flotilla:*. */
export function userTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) if (key !== 'Name' && !key.startsWith('flotilla:')) out[key] = value;
  return out;
}
