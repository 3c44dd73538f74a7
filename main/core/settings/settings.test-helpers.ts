/** Helpers shared by the settings and credentials tests (imported only by *.test.ts files). */
import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/**
 * Whether files have POSIX permission bits here. Windows has only a read-only flag: chmod 644 does
 * not make a file readable by others, and Flotilla skips its "wider than 600" checks there.
 */
export const POSIX_MODES = process.platform !== 'win32';

/** What `stat().mode & 0o777` shows for a file written with `mode`: itself on POSIX; on Windows 666, or 444 when read-only. */
export function shownMode(mode: number): number {
  if (POSIX_MODES) return mode;
  return (mode & 0o200) !== 0 ? 0o666 : 0o444;
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

/** launch.py's `.aws.settings` in the AWS fixtures copied to `aws` (copyAwsFixtures), as published. */
export const launchPyTemplate = (aws: string): string => path.join(aws, 'launch-py', '.aws.settings');

/** The warning every check gives for launch.py's AvailabilityZone (a region), in the filled-in file. */
export const LAUNCH_PY_REGION_WARNING =
  "warning: ~/aws/launch-py/filled.settings: [EC2] AvailabilityZone: 'us-west-2' is a region, not an availability zone; " +
  'Flotilla uses it as the region and pins no zone (to pin one, write a zone such as us-west-2a)';

/** launch.py's template with its placeholders filled in, as a user would; AvailabilityZone left as published. */
export async function filledInLaunchPySettings(aws: string): Promise<string> {
  const file = path.join(aws, 'launch-py', 'filled.settings');
  const text = (await readFile(launchPyTemplate(aws), 'utf8'))
    .replace('<insert your own key ID - from AWS console>', 'AKIAIOSFODNN7EXAMPLE')
    .replace('<insert your own secret access key - from AWS console>', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    .replace('/home/<user>/LinkOverflow-keys.pem', '../keys/flotilla-demo.pem');
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}
