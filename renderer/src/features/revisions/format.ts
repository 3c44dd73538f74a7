import type { SpoolPhase, SpoolProgress } from '@contract/revisions/dto';
import { formatDuration } from '../../components/format';

const UNITS = ['KB', 'MB', 'GB', 'TB'];

function scaled(bytes: number): { value: number; unit: string } {
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return { value, unit: UNITS[unit]! };
}

/** 1536 → "1.5 KB", 5 242 880 → "5.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const { value, unit } = scaled(bytes);
  return `${value.toFixed(1)} ${unit}`;
}

/** Like formatBytes, without a decimal from 10 on: "412 MB", "1.0 GB", "38 MB", "5.3 MB". */
export function shortBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const { value, unit } = scaled(bytes);
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

export const PHASE_LABEL: Record<SpoolPhase, string> = {
  packing: 'Packing the folder',
  hashing: 'Checking its digests',
  uploading: 'Uploading',
  finishing: 'Joining the parts in S3',
};

/** "412 MB of 1.0 GB, 38 MB/s, about 16s left"; while packing, "12 MB packed, 30 MB/s". */
export function progressText(p: SpoolProgress): string {
  if (p.phase === 'finishing') return `${shortBytes(p.bytes)} sent; S3 is joining the parts (a few seconds for a large file)`;
  const parts = [p.totalBytes === null ? `${shortBytes(p.bytes)} packed` : `${shortBytes(p.bytes)} of ${shortBytes(p.totalBytes)}`];
  if (p.rateBytesPerSec > 0) parts.push(`${shortBytes(p.rateBytesPerSec)}/s`);
  if (p.etaSeconds !== null && p.etaSeconds > 0) parts.push(`about ${formatDuration(Math.ceil(p.etaSeconds) * 1000)} left`);
  return parts.join(', ');
}

/** The last segment of a path, for labels ("/srv/dist/site.tar.gz" → "site.tar.gz"). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}

/**
 * The folder picked in a folder chooser (`<input webkitdirectory>`), from one file inside it: its
 * path on disk and its path relative to the picked folder's parent ("site/css/a.css" for a file of
 * "site"). Strips as many trailing segments as the relative path has below the folder; either
 * separator, so Windows paths work. Null when the two do not fit together.
 */
export function pickedFolder(filePath: string, relativePath: string): string | null {
  const below = relativePath.split('/').filter(Boolean).length - 1;
  if (below < 1 || !filePath) return null;
  let end = filePath.length;
  for (let i = 0; i < below; i++) {
    const cut = Math.max(filePath.lastIndexOf('/', end - 1), filePath.lastIndexOf('\\', end - 1));
    if (cut <= 0) return null;
    end = cut;
  }
  return filePath.slice(0, end);
}
