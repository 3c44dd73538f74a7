import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { HookFailure, HookName } from '../../contract/revisions/dto';
import type { Logger } from '../ports';
import { followLog, type HookOutput } from './hook-output';
import { packagePaths, revisionName } from './local-layout';

export interface HookRun {
  root: string;
  pkg: string;
  rev: string;
  /** `<package>.<rev>` the package was on before (what FTL_PREVIOUS says), if any. */
  previous: string | null;
  timeoutMs: number;
  logger: Logger;
  /** Also shows the output there as it comes (see followLog). */
  output?: HookOutput;
}

/** Where FTL looks for a hook, in order: `ftl/<name>`, `ftl/<name>.sh`; post-spool also as post-sync. */
export function hookCandidates(hook: HookName): string[] {
  const names = [hook, `${hook}.sh`];
  if (hook === 'post-spool') names.push('post-sync.sh', 'post-sync');
  return names.map((n) => join('ftl', n));
}

export async function findHook(revDir: string, hook: HookName): Promise<string | null> {
  const base = await realpath(revDir);
  for (const candidate of hookCandidates(hook)) {
    const full = join(revDir, candidate);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) continue;
    const real = await realpath(full);
    if (!real.startsWith(base + sep)) continue; // extraction refuses such links; never run one
    return full;
  }
  return null;
}

const KILL_GRACE_MS = 2000;
const TAIL_BYTES = 2000;

/**
 * Runs a revision's hook, if it has one, in the revision folder with FTL_PACKAGE, FTL_REVISION,
 * FTL_ROOT and FTL_PREVIOUS set, its output appended to the package's hooks.log between two ===
 * lines (and shown on `run.output` as it comes, without them). Answers null when
 * there is no hook or it exited 0, else what went wrong. A hook past its timeout is sent SIGTERM
 * (its whole process group), then SIGKILL.
 */
export async function runHook(hook: HookName, run: HookRun): Promise<HookFailure | null> {
  const paths = packagePaths(run.root, run.pkg);
  const revDir = paths.rev(run.rev);
  const script = await findHook(revDir, hook);
  if (!script) return null;
  const name = revisionName(run.pkg, run.rev);
  const executable = ((await stat(script)).mode & 0o111) !== 0;
  const log = await open(paths.hookLog, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  const started = Date.now();
  let stopShowing: (() => Promise<void>) | null = null;
  try {
    await log.write(`\n=== ${new Date(started).toISOString()} ${hook} of ${name} (${script}) ===\n`);
    const startOffset = (await log.stat()).size;
    if (run.output) stopShowing = followLog(paths.hookLog, startOffset, run.output);
    run.logger.info(`revisions: running ${hook} of ${name}`);
    const child = spawn(executable ? script : '/bin/sh', executable ? [] : [script], {
      cwd: revDir,
      env: { ...process.env, FTL_PACKAGE: run.pkg, FTL_REVISION: name, FTL_ROOT: run.root, FTL_PREVIOUS: run.previous ?? '' },
      stdio: ['ignore', log.fd, log.fd],
      detached: true,
    });
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    let graceTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      graceTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    }, run.timeoutMs);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      child.once('error', (error) => {
        void log.write(`could not start: ${error.message}\n`);
        resolve([127, null]);
      });
      child.once('exit', (code, sig) => resolve([code, sig]));
    });
    clearTimeout(timer);
    clearTimeout(graceTimer);
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    const outcome = timedOut ? `killed after the ${run.timeoutMs} ms timeout` : signal ? `killed by ${signal}` : `exit ${exitCode}`;
    await stopShowing?.();
    stopShowing = null;
    await log.write(`=== ${hook} of ${name}: ${outcome} after ${seconds} s ===\n`);
    if (exitCode === 0 && !timedOut) return null;
    const outputTail = await readTail(paths.hookLog, startOffset);
    run.logger.warn(`revisions: ${hook} of ${name} failed (${outcome}); see ${paths.hookLog}`);
    return { hook, revision: name, exitCode: timedOut ? null : exitCode, signal: signal ?? null, timedOut, logFile: paths.hookLog, outputTail };
  } finally {
    await stopShowing?.();
    await log.close();
  }
}

async function readTail(file: string, from: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(from, size - TAIL_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString('utf8').replace(/=== [^\n]*===\n?$/, '').trimEnd();
  } finally {
    await handle.close();
  }
}

/** One line for a person: which hook failed, how, and where its output is. */
export function describeHookFailure(failure: HookFailure): string {
  const how = failure.timedOut ? 'ran past its timeout and was killed' : failure.signal ? `was killed by ${failure.signal}` : `exited ${failure.exitCode}`;
  const tail = failure.outputTail ? `; last output: ${failure.outputTail.split('\n').slice(-3).join(' | ')}` : '';
  return `The ${failure.hook} hook of ${failure.revision} ${how}${tail}. Its full output is in ${failure.logFile}.`;
}
