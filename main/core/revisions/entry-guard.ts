import { posix } from 'node:path';

/** What the guard needs of a tar entry (node-tar's ReadEntry has these). */
export interface TarEntryLike {
  path: string;
  type: string;
  linkpath?: string;
  mode?: number;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const DIR_TYPES = new Set(['Directory', 'GNUDumpDir']);

/** `a//b/./c/` → `a/b/c`; null for a path that is absolute, climbs with `..`, or uses `\`. */
export function normalizeEntryPath(raw: string): string | null {
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.includes('\\')) return null;
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}

/**
 * Checks each entry of an archive, in order, before anything is written: an entry may not land
 * outside the revision folder (absolute path, `..`), may not be written through a symlink of the
 * same archive, a symlink may not point outside (absolute, or climbing above the folder), a hard
 * link may only point at a file extracted before it, and devices, FIFOs and unknown types are
 * refused. Answers the reason for a refusal, or null. Also drops setuid/setgid/sticky bits.
 */
export class EntryGuard {
  readonly symlinks = new Set<string>();
  private readonly files = new Set<string>();

  check(entry: TarEntryLike): string | null {
    const path = normalizeEntryPath(entry.path);
    if (path === null) return `entry '${entry.path}' would land outside the revision folder (absolute path, '..' or '\\')`;
    const through = this.symlinkAbove(path);
    if (through) return `entry '${entry.path}' would be written through the symlink '${through}'`;
    if (typeof entry.mode === 'number') entry.mode &= 0o777;

    if (FILE_TYPES.has(entry.type)) {
      if (path === '') return `entry '${entry.path}' is a file in place of the revision folder itself`;
      this.files.add(path);
      return null;
    }
    if (DIR_TYPES.has(entry.type)) return null;
    if (entry.type === 'SymbolicLink') {
      const target = entry.linkpath ?? '';
      if (!target || target.startsWith('/') || /^[A-Za-z]:/.test(target)) return `symlink '${entry.path}' points at '${target}', outside the revision folder`;
      const resolved = posix.normalize(posix.join(posix.dirname(path), target));
      if (resolved === '..' || resolved.startsWith('../')) return `symlink '${entry.path}' points at '${target}', outside the revision folder`;
      if (path === '') return `entry '${entry.path}' is a symlink in place of the revision folder itself`;
      this.symlinks.add(path);
      return null;
    }
    if (entry.type === 'Link') {
      const target = normalizeEntryPath(entry.linkpath ?? '');
      if (target === null || target === '') return `hard link '${entry.path}' points at '${entry.linkpath}', outside the revision folder`;
      const via = this.symlinkAbove(target) ?? (this.symlinks.has(target) ? target : null);
      if (via) return `hard link '${entry.path}' points through the symlink '${via}'`;
      if (!this.files.has(target)) return `hard link '${entry.path}' points at '${entry.linkpath}', which is not a file earlier in the archive`;
      this.files.add(path);
      return null;
    }
    const kind = entry.type === 'CharacterDevice' || entry.type === 'BlockDevice' ? 'a device file' : entry.type === 'FIFO' ? 'a FIFO' : `of type ${entry.type}`;
    return `entry '${entry.path}' is ${kind}, which a release may not contain`;
  }

  /** The symlink (of this archive) that a proper prefix of `path` is, if any. */
  private symlinkAbove(path: string): string | null {
    if (this.symlinks.size === 0) return null;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.symlinks.has(prefix)) return prefix;
    }
    return null;
  }
}
