/**
 * The one way Flotilla writes a size, in the app, the CLI, the agent and core's messages: binary
 * units (1 KiB = 1024 bytes), as `ls -h`, `du -h` and the FTL tools count. Pure, shared by main and
 * the renderer.
 */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A size for reading at a glance: `300 B`, `1.5 KiB`, `5 MiB`, `412 MiB`, `2 GiB`. One decimal below
 * 10 of a unit, whole numbers from 10 on; a decimal that is 0 is left out. Not for a limit that
 * counts every byte (use formatByteCount). Negative or non-finite input reads as `0 B`.
 */
export function formatBytes(bytes: number): string {
  const n = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (n < 1024) return `${Math.round(n)} B`;
  let value = n / 1024;
  let unit = 0;
  for (;;) {
    const rounded = Number(value.toFixed(value < 10 ? 1 : 0));
    // 1023.7 KiB rounds to 1024 KiB: say 1 MiB instead.
    if (rounded < 1024 || unit === UNITS.length - 1) return `${rounded} ${UNITS[unit]}`;
    value /= 1024;
    unit += 1;
  }
}

/** An exact count, for limits where each byte matters: `17612` → `17 612 bytes`, `1` → `1 byte`. */
export function formatByteCount(bytes: number): string {
  const digits = String(Math.trunc(bytes)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${digits} ${Math.trunc(bytes) === 1 ? 'byte' : 'bytes'}`;
}
