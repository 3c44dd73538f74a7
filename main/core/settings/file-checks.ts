import { readFile, stat } from 'node:fs/promises';
import type { Check } from './problems';

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** Why a file could not be read, as a check the user can act on. */
export function unreadable(shownPath: string, error: unknown): Check {
  const code = errorCode(error);
  if (code === 'ENOENT') return { message: 'the file does not exist', fix: `check the path ${shownPath}` };
  if (code === 'EACCES' || code === 'EPERM') {
    return { message: 'the file cannot be read (permission denied)', fix: `make it readable by you: chmod 600 ${shownPath}` };
  }
  if (code === 'EISDIR') return { message: 'this is a folder, not a file', fix: 'give the path of the file inside it' };
  return { message: `the file cannot be read (${code || (error instanceof Error ? error.message : String(error))})`, fix: `check ${shownPath}` };
}

export async function readText(file: string, shownPath: string): Promise<{ text: string } | { check: Check }> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (error) {
    return { check: unreadable(shownPath, error) };
  }
}

/** Group or other permission bits, e.g. `644`, when a file is more open than 600 (never on Windows). */
export async function widerThan600(file: string): Promise<string | null> {
  if (process.platform === 'win32') return null;
  const mode = (await stat(file)).mode & 0o777;
  return (mode & 0o077) !== 0 ? mode.toString(8).padStart(3, '0') : null;
}

/** A file holding secrets must not be readable by other users. */
export async function secretFileModeCheck(file: string, shownPath: string, holds: string): Promise<Check | null> {
  const mode = await widerThan600(file).catch(() => null);
  if (!mode) return null;
  return {
    message: `the file holds ${holds} and other users can read it (mode ${mode})`,
    fix: `run chmod 600 ${shownPath}`,
  };
}

/** An SSH private key must exist, be a file, and have mode 600 or narrower (ssh refuses it otherwise). */
export async function sshKeyFileCheck(file: string, shownPath: string): Promise<Check | null> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return { message: `the SSH key file ${shownPath} does not exist`, fix: 'give the path of the .pem file you downloaded when you made the key pair' };
    }
    return unreadable(shownPath, error);
  }
  if (!info.isFile()) return { message: `${shownPath} is not a file`, fix: 'give the path of the .pem private key file' };
  const mode = await widerThan600(file);
  if (mode) return { message: `the SSH key file ${shownPath} can be read by other users (mode ${mode}); ssh refuses such keys`, fix: `run chmod 600 ${shownPath}` };
  return null;
}
