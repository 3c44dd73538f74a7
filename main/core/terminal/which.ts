import { constants } from 'node:fs';
import { access, lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Which } from './plan';

export interface WhichOptions {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Answers whether `file` is a file this user may run (default: stat + access X_OK, see executableFile). */
  isExecutable?(file: string): Promise<boolean>;
}

/**
 * A regular file this user may run. On Windows, programs such as wt.exe are app execution aliases
 * (reparse points) that stat cannot follow: one that lstat sees counts.
 */
async function executableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (platform !== 'win32' || code === 'ENOENT' || code === 'ENOTDIR') return false;
    return lstat(file).then(
      (link) => !link.isDirectory(),
      () => false,
    );
  }
}

/**
 * A PATH lookup like `which`: a name is searched in each PATH folder (on Windows also with each
 * PATHEXT extension); a name with a folder in it is only checked where it is.
 */
export function createWhich({ env, platform, isExecutable = (file) => executableFile(file, platform) }: WhichOptions): Which {
  const windows = platform === 'win32';
  const paths = windows ? path.win32 : path.posix;
  const pathVar = windows ? (env.Path ?? env.PATH ?? env.path ?? '') : (env.PATH ?? '');
  // Absolute folders only: a relative entry (`.`, `bin`) would find whatever is in the working directory.
  const dirs = pathVar.split(windows ? ';' : ':').map((d) => d.trim().replace(/^"(.*)"$/, '$1')).filter((d) => d !== '' && paths.isAbsolute(d));
  const extensions = windows ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean).map((e) => e.toLowerCase()) : [];
  const candidates = (file: string) =>
    !windows || extensions.some((e) => file.toLowerCase().endsWith(e)) ? [file] : [file, ...extensions.map((e) => file + e)];

  return async (program) => {
    if (program === '' || program.includes('\0')) return null;
    const hasDir = windows ? /[\\/]/.test(program) : program.includes('/');
    if (hasDir) {
      for (const file of candidates(program)) if (paths.isAbsolute(file) && (await isExecutable(file))) return file;
      return null;
    }
    for (const dir of dirs) {
      for (const file of candidates(paths.join(dir, program))) if (await isExecutable(file)) return file;
    }
    return null;
  };
}
