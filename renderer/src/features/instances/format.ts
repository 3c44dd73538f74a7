import type { CheckStatus } from '@contract/instances/launch-dto';
import type { InstanceDto } from '@contract/instances/dto';
import { formatDuration } from '../../components/format';

/** The countdown text: "Pinned", "—" (no expiry, or already terminated), "Expired" or "1h 30m". */
export function expiresIn(instance: Pick<InstanceDto, 'expiresAt' | 'pinned' | 'state'>, now: number): string {
  if (instance.state === 'shutting-down' || instance.state === 'terminated') return '—';
  if (instance.pinned) return 'Pinned';
  if (!instance.expiresAt) return '—';
  const left = Date.parse(instance.expiresAt) - now;
  return left <= 0 ? 'Expired' : formatDuration(left);
}

/**
 * Expires within 15 minutes, or a third of its life if less, as the core's expiry warning (shown in
 * the warning colour; a 15-minute TTL is not "soon" the moment it is launched). Never when pinned or terminated.
 */
export function expiresSoon(instance: Pick<InstanceDto, 'expiresAt' | 'pinned' | 'state' | 'launchedAt'>, now: number): boolean {
  if (expiresIn(instance, now) === '—' || instance.pinned || instance.expiresAt === null) return false;
  const at = Date.parse(instance.expiresAt);
  const life = at - Date.parse(instance.launchedAt);
  const lead = Number.isFinite(life) ? Math.min(15 * 60_000, Math.max(0, life) / 3) : 15 * 60_000;
  return at - now < lead;
}

export function usd(amount: number | null): string {
  if (amount === null || !Number.isFinite(amount)) return '—';
  return amount < 10 ? `$${amount.toFixed(2)}` : `$${amount.toFixed(0).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

const billed = new Set(['pending', 'running']);

/** What it has cost so far, kept live from its hourly price while it runs. */
export function costSoFar(instance: InstanceDto, now: number): number | null {
  if (instance.hourlyPrice === null || !billed.has(instance.state)) return instance.costSoFar;
  const hours = Math.max(0, now - Date.parse(instance.launchedAt)) / 3_600_000;
  return instance.hourlyPrice * hours;
}

/**
 * Totals of the instances given (the rows shown): per hour of those billed now, so far, and to
 * expiry. A pinned instance counts per hour and so far, but has no expiry to project to
 * (`pinned`); `unpriced` are those whose type has no price in the table.
 */
export function fleetTotals(fleet: readonly InstanceDto[], now: number) {
  let hourly = 0;
  let soFar = 0;
  let projected = 0;
  let unpriced = 0;
  let pinned = 0;
  for (const instance of fleet) {
    if (instance.hourlyPrice === null) {
      unpriced++;
      continue;
    }
    if (billed.has(instance.state)) hourly += instance.hourlyPrice;
    soFar += costSoFar(instance, now) ?? 0;
    if (instance.pinned) pinned++;
    else projected += instance.projectedCost ?? 0;
  }
  return { hourly, soFar, projected, unpriced, pinned };
}

/** "alice" from arn:aws:iam::123:user/alice or arn:aws:sts::123:assumed-role/Dev/alice. */
/** How an instance is named on screen: `<project>/<branch>` (its Name tag). */
export const instanceName = (instance: Pick<InstanceDto, 'project' | 'branch'>): string => `${instance.project}/${instance.branch}`;

export function ownerName(owner: string): string {
  const slash = owner.lastIndexOf('/');
  return slash >= 0 ? owner.slice(slash + 1) : owner.split(':').pop() || owner;
}

export type Tone = 'ok' | 'warn' | 'error' | 'busy' | 'idle';

/** The instance's state in words (EC2 state, then how far it is towards ready). */
export function stateText(instance: Pick<InstanceDto, 'state' | 'readiness'>): { text: string; tone: Tone } {
  switch (instance.state) {
    case 'pending':
      return { text: 'Pending', tone: 'busy' };
    case 'running':
      switch (instance.readiness) {
        case 'ready':
          return { text: 'Ready', tone: 'ok' };
        case 'timed-out':
          return { text: 'Running · not ready', tone: 'error' };
        case 'addressed':
          return { text: 'Running · starting app', tone: 'busy' };
        case 'unknown':
          return { text: 'Running', tone: 'idle' };
        default:
          return { text: 'Running · booting', tone: 'busy' };
      }
    case 'shutting-down':
      return { text: 'Shutting down', tone: 'warn' };
    case 'stopping':
      return { text: 'Stopping', tone: 'warn' };
    case 'stopped':
      return { text: 'Stopped', tone: 'warn' };
    default:
      return { text: 'Terminated', tone: 'idle' };
  }
}

export const checkWords: Record<CheckStatus, string> = {
  pending: 'Waiting',
  running: 'Checking',
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
};

/** KEY=VALUE lines → a record; blank lines and # comments are skipped. */
export function parseEnvLines(text: string): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  text.split('\n').forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
      problems.push(`Line ${n + 1}: write KEY=VALUE with KEY in capitals, digits and _ (got '${line}').`);
      return;
    }
    env[name] = line.slice(eq + 1);
  });
  return { env, problems };
}
