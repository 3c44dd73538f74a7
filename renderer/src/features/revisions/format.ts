import type { SpoolPhase, SpoolProgress } from '@contract/revisions/dto';
import { formatBytes } from '@contract/format-bytes';
import { formatDuration } from '../../components/format';

export const PHASE_LABEL: Record<SpoolPhase, string> = {
  packing: 'Packing the folder',
  hashing: 'Checking its digests',
  uploading: 'Uploading',
  finishing: 'Joining the parts in S3',
};

/** "412 MiB of 1 GiB, 38 MiB/s, about 16s left"; while packing, "12 MiB packed, 30 MiB/s". */
export function progressText(p: SpoolProgress): string {
  if (p.phase === 'finishing') return `${formatBytes(p.bytes)} sent; S3 is joining the parts (a few seconds for a large file)`;
  const parts = [p.totalBytes === null ? `${formatBytes(p.bytes)} packed` : `${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`];
  if (p.rateBytesPerSec > 0) parts.push(`${formatBytes(p.rateBytesPerSec)}/s`);
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
