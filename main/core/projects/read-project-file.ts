import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

/** Opening flags: never through a symbolic link (where the OS can), never blocking on a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/**
 * Reads a file of the projects folder (a template or an env file). A symbolic link is refused,
 * not followed: a projects folder can come from a pull request, and a link could point at any
 * file of the machine (~/.aws/credentials, /proc/self/environ). What is checked (a regular file,
 * its size) is the file that is read. `what` names the file in reasons ("a project file");
 * `tooLarge` words the refusal of a file over `maxBytes`.
 */
export async function readProjectFile(path: string, what: string, maxBytes: number, tooLarge: (size: number) => string): Promise<ReadOutcome> {
  const link = `this is a symbolic link; ${what} must be a regular file in the projects folder`;
  try {
    if ((await lstat(path)).isSymbolicLink()) return { ok: false, reason: link };
    const handle = await open(path, OPEN_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: 'this is not a regular file' };
      if (info.size > maxBytes) return { ok: false, reason: tooLarge(info.size) };
      const bytes = await handle.readFile();
      // The file may have grown between stat and read.
      if (bytes.length > maxBytes) return { ok: false, reason: tooLarge(bytes.length) };
      return { ok: true, bytes };
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, reason: link };
    const reason = code ?? (err instanceof Error ? err.message : String(err));
    return { ok: false, reason: `cannot read this file (${reason})` };
  }
}
