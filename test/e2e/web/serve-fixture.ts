import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withoutSessionKeychain } from '../../support/keyring';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export interface Served {
  /** The URL `flotilla serve` printed, its token in the fragment (`/#token=…`). */
  url: string;
  /** The projects folder the server watches (a scratch copy; tests may change it). */
  projectsDir: string;
  output: () => string;
}

export interface ServeOptions {
  /** Text of the scratch ~/.aws/config (AWS_CONFIG_FILE), written before the server starts. */
  awsConfig?: string;
  /** Text of the scratch ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE), written with mode 600. */
  awsCredentials?: string;
  /** More environment for the server (e.g. AWS_ENDPOINT_URL_S3 of a test s3rver). */
  env?: Record<string, string>;
}

/** Starts the real CLI (`flotilla serve`) on a scratch copy of the shipped projects plus fixtures. */
export async function startServe(fixtures: string[] = [], options: ServeOptions = {}): Promise<Served & { stop(): Promise<void> }> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'flotilla-e2e-'));
  const projectsDir = path.join(scratch, 'projects');
  mkdirSync(projectsDir);
  cpSync(path.join(repoRoot, 'projects'), projectsDir, { recursive: true });
  for (const fixture of fixtures) {
    const from = path.join(repoRoot, 'test', 'fixtures', fixture);
    for (const file of readdirSync(from)) cpSync(path.join(from, file), path.join(projectsDir, file));
  }
  if (options.awsConfig !== undefined) writeFileSync(path.join(scratch, 'aws-config'), options.awsConfig, { mode: 0o600 });
  if (options.awsCredentials !== undefined) writeFileSync(path.join(scratch, 'aws-credentials'), options.awsCredentials, { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin', 'flotilla.mjs'), 'serve', '--dir', projectsDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A private settings folder and HOME (USERPROFILE: os.homedir() on Windows): the test never
    // reads or writes the user's own. No way to the desktop session's D-Bus either, so on a Linux
    // desktop the server has no keychain, as in CI, and a saved test key never lands in the user's.
    env: withoutSessionKeychain(
      {
        ...process.env,
        FLOTILLA_CONFIG_DIR: path.join(scratch, 'config'),
        HOME: scratch,
        USERPROFILE: scratch,
        AWS_CONFIG_FILE: path.join(scratch, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...options.env,
      },
      path.join(scratch, 'run'),
    ),
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`flotilla serve printed no URL in 15 s:\n${output}`)), 15_000);
    child.stdout!.on('data', () => {
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`flotilla serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    projectsDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      // Retries: on Windows a file the server had open can stay busy for a moment after it exits.
      rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** One browser-mode server per test, with the shipped projects and the broken fixtures. */
export const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const served = await startServe(['projects-broken']);
    await use(served);
    await served.stop();
  },
});

export { expect } from '@playwright/test';
