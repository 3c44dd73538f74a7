/** Helpers shared by this folder's tests (imported only by *.test.ts files). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../ports';

export const GOOD_META = [
  '# fleeting-meta:name = Demo',
  '# fleeting-meta:repo = octocat/demo',
  '# fleeting-meta:image-id = ami-0123456789abcdef0',
  '# fleeting-meta:instance-type = t3.micro',
  '# fleeting-meta:ready-url = http://localhost:8080/health',
].join('\n');

/** A minimal valid project source, with `body` after the metadata. */
export function goodSource(body = 'echo {{ GIT_BRANCH | shq }}'): string {
  return `#!/bin/bash\n${GOOD_META}\nset -euo pipefail\n${body}\n`;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh temporary `projects` folder (so files show as `projects/<name>`), with files written. */
export async function tempProjects(files: Record<string, string> = {}): Promise<{ root: string; dir: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'flotilla-projects-'));
  const dir = join(root, 'projects');
  if (Object.keys(files).length > 0) {
    await mkdir(dir);
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  }
  return { root, dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
