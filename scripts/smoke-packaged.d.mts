import type { spawn } from 'node:child_process';

export const SMOKE_ENV: 'FLOTILLA_SMOKE_TEST';
export const STARTED_LINE: string;
export const DEFAULT_TIMEOUT_MS: number;

export function unpackedApp(options: { platform: NodeJS.Platform; arch: string; releaseDir: string; productName: string; name: string }): string;
export function logFileOf(userData: string): string;

export interface SmokeResult {
  ok: boolean;
  reason: string;
  code: number | null;
  /** The whole main.log ('' when there is none). */
  log: string;
  /** The last lines of the app's stdout and stderr. */
  output: string;
}
export function smokeRun(options: {
  command: string;
  args?: string[];
  userData: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  spawn?: typeof spawn;
}): Promise<SmokeResult>;
export function describeRun(app: string, result: SmokeResult): string;
