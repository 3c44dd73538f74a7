import type { InstanceDto } from '@contract/instances/dto';
import { formatDuration } from '../../components/format';

/** When an instance expires, as the fleet and its details show it. */

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
