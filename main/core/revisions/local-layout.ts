import { randomBytes } from 'node:crypto';
import { lstat, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { byCodeUnits, isPackageName, isRev } from './rev-name';

/**
 * A server's copy, under FTL_ROOT (one folder per package):
 *   <P>/revs/<rev>/   one folder per revision, complete or absent
 *   <P>/current       symlink to revs/<rev>, switched atomically
 *   <P>/previous      symlink to revs/<rev>
 *   <P>/.lock         held by the one sync or jump running for P
 *   <P>/.tmp/         downloads in progress (wiped by the next sync)
 *   <P>/hooks.log     output of every hook of P
 *   <P>/.post-jump-pending   written just before `current` is switched, removed once post-jump
 *                     has finished: if it is there, a jump was killed before post-jump ended
 *   <P>/.sha256-unchecked    revs fetched without sha256 metadata that sync has said so about
 */
export function packagePaths(root: string, pkg: string) {
  const dir = join(root, pkg);
  return {
    dir,
    revs: join(dir, 'revs'),
    rev: (rev: string) => join(dir, 'revs', rev),
    current: join(dir, 'current'),
    previous: join(dir, 'previous'),
    lock: join(dir, '.lock'),
    tmp: join(dir, '.tmp'),
    hookLog: join(dir, 'hooks.log'),
    pendingPostJump: join(dir, '.post-jump-pending'),
    uncheckedTold: join(dir, '.sha256-unchecked'),
  };
}

export type PackagePaths = ReturnType<typeof packagePaths>;

/** Package folders of the root; files (a stray `.lock`), dot-folders and odd names are skipped. */
export async function localPackageNames(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FlotillaError('not-found', `FTL_ROOT ${root} does not exist. Create it with one folder per package (mkdir -p ${root}/<package>).`, { root });
    }
    throw new FlotillaError('unavailable', `Cannot read FTL_ROOT ${root} (${code ?? String(error)}).`, { root });
  }
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || !isPackageName(e.name)) continue;
    // A package folder may be a symlink to a folder elsewhere.
    if (e.isDirectory() || (e.isSymbolicLink() && (await stat(join(root, e.name)).catch(() => null))?.isDirectory())) names.push(e.name);
  }
  return names.sort(byCodeUnits);
}

/** Revisions present under revs/, oldest first. Only complete ones are ever there. */
export async function localRevs(paths: PackagePaths): Promise<string[]> {
  try {
    const entries = await readdir(paths.revs, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && isRev(e.name)).map((e) => e.name).sort(byCodeUnits);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The rev a `current`/`previous` link points at (FTL wrote absolute links, we write relative). */
export async function readRevLink(link: string): Promise<string | null> {
  try {
    const target = await readlink(link);
    const rev = basename(target.replace(/\/+$/, ''));
    return isRev(rev) ? rev : null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EINVAL') return null;
    throw error;
  }
}

/** Points `link` at revs/<rev> atomically: a new symlink renamed over the old one. */
export async function pointLink(link: string, rev: string): Promise<void> {
  const existing = await lstat(link).catch(() => null);
  if (existing && !existing.isSymbolicLink()) {
    throw new FlotillaError('invalid-input', `${link} is not a symlink, so it cannot be switched. Move it away; FTL manages it.`, { path: link });
  }
  const temp = `${link}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await symlink(join('revs', rev), temp);
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function revisionName(pkg: string, rev: string): string {
  return `${pkg}.${rev}`;
}
