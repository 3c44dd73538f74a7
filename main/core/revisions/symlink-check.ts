import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';

const MAX_HOPS = 40;

/**
 * Whether following `relPath` (relative to `root`) the way the kernel would, symlink by symlink,
 * stays inside `root`. Each link's target can look inside on its own and still escape through
 * another link (`r -> .` then `x -> r/..`), so this walks the real links on disk. Missing
 * components are taken as they are written; loops count as escapes.
 */
export async function staysInside(root: string, relPath: string): Promise<boolean> {
  const queue = relPath.split('/');
  const at: string[] = [];
  let hops = 0;
  while (queue.length > 0) {
    const part = queue.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (at.length === 0) return false;
      at.pop();
      continue;
    }
    const here = join(root, ...at, part);
    const info = await lstat(here).catch(() => null);
    if (info?.isSymbolicLink()) {
      if (++hops > MAX_HOPS) return false;
      const target = await readlink(here);
      if (target.startsWith('/')) return false;
      queue.unshift(...target.split('/'));
      continue;
    }
    at.push(part);
  }
  return true;
}

/** The first of `links` (paths relative to `root`) that resolves outside it, or null. */
export async function firstEscapingLink(root: string, links: Iterable<string>): Promise<string | null> {
  for (const link of links) {
    if (!(await staysInside(root, link))) return link;
  }
  return null;
}
