import type { ProjectSummary } from '@contract/projects/dto';

/** 1234567 → "1 234 567" (plain spaces, so the same text reads well and can be searched for). */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A length of time in its two largest units, compact for tables and countdowns:
 * 90 061 000 ms → "1d 1h", 5 400 000 → "1h 30m", 65 000 → "1m 05s", 5 000 → "5s". Never negative.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/**
 * How long ago an ISO time was, in its largest unit (rounded down), for tables where the exact time
 * is in a tooltip: "just now" (under a minute, or in the future when clocks disagree), "30m ago",
 * "5h ago", "3d ago"; "—" when there is no time or it is not one.
 */
export function timeAgo(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '—';
  if (ms < 60_000) return 'just now';
  return `${formatDuration(ms).split(' ')[0]} ago`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}

/** "1 234 bytes, 1 648 base64 of 16 384" */
export function previewSize(bytes: number, base64Bytes: number, limitBytes: number): string {
  return `${groupDigits(bytes)} bytes, ${groupDigits(base64Bytes)} base64 of ${groupDigits(limitBytes)}`;
}

/** "Valid", "2 warnings", "1 error", "1 error, 2 warnings" */
export function stateLabel(project: Pick<ProjectSummary, 'errorCount' | 'warningCount'>): string {
  const parts: string[] = [];
  if (project.errorCount > 0) parts.push(plural(project.errorCount, 'error'));
  if (project.warningCount > 0) parts.push(plural(project.warningCount, 'warning'));
  return parts.length ? parts.join(', ') : 'Valid';
}

export function displayName(project: Pick<ProjectSummary, 'id' | 'name'>): string {
  return project.name?.trim() ? project.name : project.id;
}
