import { FlotillaError } from '../../contract/errors';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(?:\d+[dhm])+$/;

/**
 * `4h`, `90m`, `2d`, or combined as `1d12h` / `2h30m`, to milliseconds; null when it is not one.
 * Zero is not a duration.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (!DURATION.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)([dhm])/g)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

/**
 * What is wrong with a duration, worded to follow its name ("must be at least 1 minute, not '0m'"),
 * or null when it is one.
 */
export function durationProblem(text: string): string | null {
  if (parseDuration(text) !== null) return null;
  const value = text.trim().toLowerCase();
  if (DURATION.test(value) && [...value.matchAll(/(\d+)[dhm]/g)].every(([, n]) => Number(n) === 0)) return `must be at least 1 minute, not '${text}'`;
  return `'${text}' is not a duration; write a number and a unit (m, h or d), like 90m, 4h, 2d or 1d12h`;
}

/** parseDuration, or an `invalid-input` error naming what was given and what is accepted. */
export function requireDuration(text: string, what: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new FlotillaError('invalid-input', `${what} ${durationProblem(text)}.`, { field: what, value: text });
  return ms;
}

/** 5_400_000 → `1h30m`; 86_400_000 → `1d`. Minutes are the smallest unit shown. */
export function formatDuration(ms: number): string {
  let minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}`;
  return text || '0m';
}
