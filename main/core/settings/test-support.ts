/** Helpers shared by the settings and credentials tests (imported only by *.test.ts files). */
import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../ports';

export const AWS_FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'aws');

export interface TempDir {
  dir: string;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = 'flotilla-settings-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A copy of test/fixtures/aws in `dir`, with key files and files holding secrets at mode 600. */
export async function copyAwsFixtures(dir: string): Promise<string> {
  const target = path.join(dir, 'aws');
  await cp(AWS_FIXTURES, target, { recursive: true });
  for (const name of await readdir(path.join(target, 'keys'))) await chmod(path.join(target, 'keys', name), 0o600);
  for (const name of await readdir(target)) if (name.endsWith('.ini')) await chmod(path.join(target, name), 0o600);
  await chmod(path.join(target, 'home', '.aws', 'credentials'), 0o600);
  return target;
}

export interface CapturedLogger extends Logger {
  lines: string[];
}

/** A logger that keeps every line (message and fields) for assertions. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`[${level}] ${message}${fields ? ' ' + JSON.stringify(fields) : ''}`);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
