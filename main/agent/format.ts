import type { LocalPackage, LocalRevision, PackageSummary, RevisionInfo, SpoolProgress, SyncReport } from '../contract/revisions/dto';
import { formatBytes } from '../contract/format-bytes';


export function formatProgress(p: SpoolProgress): string {
  if (p.phase === 'finishing') return `finishing: ${formatBytes(p.bytes)} sent, S3 is joining the parts`;
  const done = p.totalBytes ? ` ${Math.floor((p.bytes / Math.max(1, p.totalBytes)) * 100)}%` : '';
  const of = p.totalBytes !== null ? ` of ${formatBytes(p.totalBytes)}` : '';
  const eta = p.etaSeconds !== null && p.totalBytes !== null ? `, ETA ${Math.ceil(p.etaSeconds)} s` : '';
  return `${p.phase}${done}: ${formatBytes(p.bytes)}${of} at ${formatBytes(p.rateBytesPerSec)}/s${eta}`;
}

const mark = (r: { current: boolean; previous: boolean }) => (r.current ? '\t(current)' : r.previous ? '\t(previous)' : '');

export function formatRemoteRevisions(revisions: RevisionInfo[]): string {
  return revisions.map((r) => `${r.name}\t${formatBytes(r.size)}\t${r.lastModified}${mark(r)}`).join('\n');
}

export function formatLocalRevisions(revisions: LocalRevision[]): string {
  return revisions.map((r) => `${r.name}${mark(r)}`).join('\n');
}

export function formatPackages(packages: Array<PackageSummary | LocalPackage>): string {
  return packages.map((p) => `${p.name}\tcurrent ${p.current ?? '-'}\tprevious ${p.previous ?? '-'}`).join('\n');
}

export function formatSync(report: SyncReport): string {
  return report.packages
    .map((p) => {
      const parts = [`${p.package}: current ${p.current ?? '-'}`, `previous ${p.previous ?? '-'}`];
      if (p.downloaded.length) parts.push(`fetched ${p.downloaded.join(' ')}`);
      if (p.removed.length) parts.push(`removed ${p.removed.join(' ')}`);
      if (p.errors.length) parts.push(`${p.errors.length} problem${p.errors.length > 1 ? 's' : ''}`);
      return parts.join(', ');
    })
    .join('\n');
}
