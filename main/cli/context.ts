import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../core/create-core';
import type { FlotillaApi } from '../contract/api';
import { createDispatcher } from '../contract/dispatch';
import { dispatchedApi } from '../contract/dispatched-api';
import type { AppMode } from '../contract/app/dto';
import type { Logger } from '../core/ports';
import { createNodePorts, createStderrLogger } from '../node/node-ports';
import { priceCacheFile } from '../node/cache-location';

/** The package root: two levels up both from main/cli (sources) and dist/cli (built). */
export const packageRoot = path.resolve(import.meta.dirname, '..', '..');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

export class UsageError extends Error {}

/**
 * `--dir` wins; then FLOTILLA_PROJECTS_DIR; then ./projects in the current folder. With
 * `fallbackToExamples`, a missing ./projects falls back to the examples shipped with Flotilla.
 */
export function resolveProjectsDir(dir: string | undefined, fallbackToExamples: boolean): string {
  if (dir) return path.resolve(dir);
  if (process.env.FLOTILLA_PROJECTS_DIR) return path.resolve(process.env.FLOTILLA_PROJECTS_DIR);
  const local = path.resolve('projects');
  if (existsSync(local) || !fallbackToExamples) return local;
  return path.join(packageRoot, 'projects');
}

export function requireDir(dir: string): void {
  if (!existsSync(dir)) {
    throw new UsageError(`There is no projects folder at ${dir}. Create it, or pass --dir <folder holding <id>.sh templates>.`);
  }
}

export async function openCore(projectsDir: string, mode: AppMode, watch: boolean, logger?: Logger): Promise<Core> {
  const log = logger ?? createStderrLogger(process.env.FLOTILLA_DEBUG ? 'debug' : 'warn');
  return createCore(createNodePorts({ logger: log }), {
    projectsDir,
    mode,
    version: packageVersion(),
    watch,
    home: homedir(),
    env: process.env,
    prices: { cacheFile: priceCacheFile(process.env, homedir(), process.platform) },
  });
}

/**
 * The core for a one-shot command, called through the same dispatcher as IPC and browser mode:
 * every input is checked by the contract's schema before it reaches the core (or AWS).
 */
export async function openCliApi(projectsDir: string, logger?: Logger): Promise<{ api: FlotillaApi; close(): Promise<void> }> {
  const log = logger ?? createStderrLogger(process.env.FLOTILLA_DEBUG ? 'debug' : 'warn');
  const core = await openCore(projectsDir, 'cli', false, log);
  const dispatch = createDispatcher(core.api, {
    onUnexpectedError: (channel, error) => log.error(`${channel} failed unexpectedly`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });
  return { api: dispatchedApi(dispatch), close: () => core.close() };
}
