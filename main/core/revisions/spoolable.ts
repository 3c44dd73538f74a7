import { readdir, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { packageNameProblem } from '../../contract/package-name';
import { splitFileName } from './rev-name';

/** A path spool accepts: a regular file, or a folder that is packed as `<folder>.tar.gz`. */
export interface Spoolable {
  path: string;
  folder: boolean;
  /** The name the revision is made from: the file's, or `<folder>.tar.gz`. */
  fileName: string;
}

/**
 * Every check spool makes before any work, in one place: spool() runs it first, and the desktop's
 * spool jobs run it before answering, so both refuse the same things with the same words: a
 * missing path, something that is neither file nor folder, a folder that cannot be read or is
 * empty, a name with no package in it.
 */
export async function checkSpoolable(rawPath: string): Promise<Spoolable> {
  const path = resolve(rawPath);
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new FlotillaError('not-found', `There is no file or folder at ${path}. Check the path (it is read on the machine running Flotilla).`, { field: 'path', path });
  }
  if (info.isDirectory()) {
    const fileName = `${basename(path)}.tar.gz`;
    const folderPackage = basename(path).split('.')[0]!;
    const problem = folderPackage ? packageNameProblem(folderPackage) : null;
    if (problem) {
      throw new FlotillaError('invalid-input', `The folder ${path} cannot be spooled: the package is its name up to the first dot, and ${problem}.`, {
        field: 'path',
        path,
      });
    }
    splitFileName(fileName);
    const entries = await readdir(path).catch(() => {
      throw new FlotillaError('forbidden', `Flotilla may not read the folder ${path}. Check its permissions.`, { field: 'path', path });
    });
    if (entries.length === 0) throw emptyFolder(path);
    return { path, folder: true, fileName };
  }
  if (!info.isFile()) {
    throw new FlotillaError('invalid-input', `${path} is neither a regular file nor a folder, so it cannot be spooled.`, { field: 'path', path });
  }
  const fileName = basename(path);
  splitFileName(fileName);
  return { path, folder: false, fileName };
}

/** A folder with nothing in it (also when it is emptied between the check and the packing). */
export function emptyFolder(path: string): FlotillaError {
  return new FlotillaError('invalid-input', `The folder ${path} is empty, so there is nothing to spool. Put the release's files in it first.`, { field: 'path', path });
}
