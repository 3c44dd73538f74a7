/**
 * The custom terminal program (Settings → Terminal → Choose program… in the desktop app): checked
 * when it is chosen and again every time it is started. It must be an absolute path to an
 * existing regular file this user may run; on Windows a .exe or .com (Node cannot start a .bat or
 * .cmd without a shell, and Flotilla never uses one).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';

/** How to fix a refused custom program, for every message that refuses one. */
export const CHOOSE_AGAIN = 'choose it again with Settings → Terminal → Choose program… in the desktop app, or pick a terminal from the list';

/** Shown in messages: quoted, cut short, control characters made visible. */
function shown(file: string): string {
  const clean = JSON.stringify(file).slice(1, -1);
  return `'${clean.length > 120 ? clean.slice(0, 117) + '...' : clean}'`;
}

/** Checks the path's form only (no file system): what is wrong with it, or null. */
export function customProgramFormProblem(file: string, platform: NodeJS.Platform): string | null {
  if (file.length === 0) return 'is empty';
  if (file.length > 1024) return 'is longer than 1024 characters';
  if (hasControlCharacter(file)) return 'has control characters';
  if (platform === 'win32') {
    if (!/^[A-Za-z]:[\\/]/.test(file)) return 'is not an absolute path (C:\\...)';
    if (!/\.(exe|com)$/i.test(file)) return 'is not a .exe program';
    return null;
  }
  return path.posix.isAbsolute(file) ? null : 'is not an absolute path';
}

export interface ProgramFs {
  /** Follows symlinks: a link to a program is that program. */
  isFile(file: string): Promise<boolean>;
  /** May this user run it (X_OK; always true on Windows, which has no such bit). */
  canRun(file: string): Promise<boolean>;
}

export const realProgramFs: ProgramFs = {
  isFile: (file) => stat(file).then((s) => s.isFile(), () => false),
  canRun: (file) => access(file, constants.X_OK).then(() => true, () => false),
};

/** What is wrong with the custom program (form, then the file itself), or null when it may be started. */
export async function customProgramProblem(file: string | null | undefined, platform: NodeJS.Platform, fs: ProgramFs = realProgramFs): Promise<string | null> {
  if (file === null || file === undefined) return 'is not set';
  const form = customProgramFormProblem(file, platform);
  if (form) return `${shown(file)} ${form}`;
  if (!(await fs.isFile(file))) return `${shown(file)} is not an existing file`;
  if (platform !== 'win32' && !(await fs.canRun(file))) return `${shown(file)} is not executable`;
  return null;
}

/** The same check, throwing the message the user sees. */
export async function requireCustomProgram(file: string | null | undefined, platform: NodeJS.Platform, fs?: ProgramFs): Promise<string> {
  const problem = await customProgramProblem(file, platform, fs);
  if (problem !== null) {
    // e.g. "the custom program '/opt/x' is not executable; choose it again with ..."
    throw new FlotillaError('invalid-input', `Settings → Terminal: the custom program ${problem}; ${CHOOSE_AGAIN}.`, { setting: 'terminal' });
  }
  return file as string;
}
