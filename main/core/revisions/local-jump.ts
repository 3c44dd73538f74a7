import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { HookFailure, JumpResult } from '../../contract/dto/revisions';
import { FlotillaError } from '../../contract/errors';
import type { Clock, Logger } from '../ports';
import type { HookOutput } from './hook-output';
import { describeHookFailure, runHook } from './hooks';
import { packagePaths, pointLink, readRevLink, revisionName } from './local-layout';
import { acquireLock } from './lock';
import { isRev, parseRevisionName, requirePackageName } from './rev-name';

export interface LocalContext {
  root: string;
  logger: Logger;
  hookTimeoutMs: number;
  /** When a jump started, as recorded for an interrupted post-jump. */
  clock: Pick<Clock, 'now'>;
  lockWaitMs: number;
  /** Where hook output is shown besides hooks.log (the agent: stdout, as FTL). */
  hookOutput?: HookOutput;
  /** Called after `current` was switched (the status report); its failure is only logged. */
  onJumped?(pkg: string, revision: string): Promise<void>;
}

/** A pre-jump or un-jump hook failed, so the jump did not happen; or any hook, where one aborts. */
export class HookFailed extends FlotillaError {
  readonly failure: HookFailure;
  constructor(failure: HookFailure, consequence: string) {
    super('invalid-input', `${describeHookFailure(failure)} ${consequence}`, { hookFailure: failure });
    this.failure = failure;
  }
}

/**
 * Runs `work` with the package's lock held. First, before anything else, a post-jump that a
 * killed jump or sync left unfinished is run (see resumePendingPostJump); `work` gets its failure.
 */
export async function withPackageLock<T>(ctx: LocalContext, pkg: string, purpose: string, work: (resumed: HookFailure | null) => Promise<T>): Promise<T> {
  const paths = packagePaths(ctx.root, pkg);
  const info = await stat(paths.dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new FlotillaError('not-found', `There is no package folder ${paths.dir}. Create it (mkdir ${paths.dir}) and run sync to fetch ${pkg}.`, {
      package: pkg,
    });
  }
  const release = await acquireLock(paths.lock, { waitMs: ctx.lockWaitMs, purpose: `${purpose} of ${pkg}` });
  try {
    const resumed = await resumePendingPostJump(ctx, pkg);
    return await work(resumed);
  } finally {
    await release();
  }
}

export async function jumpLocal(ctx: LocalContext, name: string): Promise<JumpResult> {
  const { package: pkg, rev } = parseRevisionName(name);
  return withPackageLock(ctx, pkg, 'jump', () => jumpLocked(ctx, pkg, rev));
}

export async function jumpBackLocal(ctx: LocalContext, pkgName: string): Promise<JumpResult> {
  const pkg = requirePackageName(pkgName);
  return withPackageLock(ctx, pkg, 'jump-back', async () => {
    const previous = await readRevLink(packagePaths(ctx.root, pkg).previous);
    if (!previous) {
      throw new FlotillaError('not-found', `Cannot jump back ${pkg}: it has no previous revision here. Jump to a revision by name instead.`, { package: pkg });
    }
    return jumpLocked(ctx, pkg, previous);
  });
}

/**
 * The jump itself, with the package lock held: pre-jump of the new revision and un-jump of the
 * old one may stop it; then `current` is switched atomically and `previous` set to the old
 * current; a failing post-jump is reported but the switch stays.
 */
export async function jumpLocked(ctx: LocalContext, pkg: string, rev: string): Promise<JumpResult> {
  const paths = packagePaths(ctx.root, pkg);
  const name = revisionName(pkg, rev);
  const current = await readRevLink(paths.current);
  const previous = await readRevLink(paths.previous);
  if (current === rev) {
    return { package: pkg, current: name, previous: previous ? revisionName(pkg, previous) : null, changed: false, postJumpFailure: null };
  }
  const present = await stat(paths.rev(rev)).catch(() => null);
  if (!present?.isDirectory()) {
    throw new FlotillaError('not-found', `Cannot jump to ${name}: it is not on this server (${paths.rev(rev)}). Run sync first, or pick one of list ${pkg}.`, {
      revision: name,
    });
  }
  const oldName = current ? revisionName(pkg, current) : null;
  const hookRun = { root: ctx.root, pkg, previous: oldName, timeoutMs: ctx.hookTimeoutMs, logger: ctx.logger, output: ctx.hookOutput };

  const preJump = await runHook('pre-jump', { ...hookRun, rev });
  if (preJump) throw new HookFailed(preJump, `${pkg} stays on ${oldName ?? 'no revision'}.`);
  if (current && (await stat(paths.rev(current)).catch(() => null))) {
    const unJump = await runHook('un-jump', { ...hookRun, rev: current });
    if (unJump) throw new HookFailed(unJump, `${pkg} stays on ${oldName}.`);
  }

  // Recorded before the switch, so that a kill at any point from here until post-jump has ended
  // makes the next sync or jump run post-jump (if the switch happened).
  await writePending(paths.pendingPostJump, { rev, previous: oldName, pid: process.pid, since: ctx.clock.now().toISOString() });
  try {
    await pointLink(paths.current, rev);
  } catch (error) {
    await rm(paths.pendingPostJump, { force: true });
    throw error;
  }
  if (current) await pointLink(paths.previous, current);
  ctx.logger.info(`revisions: ${pkg} is now on ${name} (previous ${oldName ?? 'none'})`);

  const postJump = await runHook('post-jump', { ...hookRun, rev });
  await rm(paths.pendingPostJump, { force: true });
  if (ctx.onJumped) {
    await ctx.onJumped(pkg, name).catch((error: unknown) => ctx.logger.warn(`revisions: could not report ${name} as current`, { error: String(error) }));
  }
  return {
    package: pkg,
    current: name,
    previous: oldName ?? (previous ? revisionName(pkg, previous) : null),
    changed: true,
    postJumpFailure: postJump,
  };
}

interface PendingPostJump {
  rev: string;
  /** FTL_PREVIOUS for the hook: the revision the package was on before the jump. */
  previous: string | null;
  pid: number;
  since: string;
}

async function writePending(file: string, pending: PendingPostJump): Promise<void> {
  const temp = `${file}.${process.pid}`;
  await writeFile(temp, JSON.stringify(pending) + '\n');
  await rename(temp, file);
}

/**
 * After a jump or sync was killed between switching `current` and the end of post-jump: runs
 * that post-jump now, once (the record is removed when it has ended, whatever its outcome), with
 * a log line saying why. If the kill came before the switch, there is nothing to run: the record
 * is dropped (the next jump does the whole jump again). Called with the package lock held.
 */
export async function resumePendingPostJump(ctx: LocalContext, pkg: string): Promise<HookFailure | null> {
  const paths = packagePaths(ctx.root, pkg);
  const text = await readFile(paths.pendingPostJump, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let pending: PendingPostJump | null = null;
  try {
    const parsed = JSON.parse(text) as Partial<PendingPostJump>;
    if (typeof parsed.rev === 'string' && isRev(parsed.rev)) pending = parsed as PendingPostJump;
  } catch {
    // a half-written record: the kill came before the switch
  }
  const current = await readRevLink(paths.current);
  if (!pending || current !== pending.rev) {
    ctx.logger.info(
      `revisions: ${paths.pendingPostJump} records a jump of ${pkg}${pending ? ` to ${revisionName(pkg, pending.rev)}` : ''} that was stopped before current was switched; nothing to run`,
    );
    await rm(paths.pendingPostJump, { force: true });
    return null;
  }
  const name = revisionName(pkg, pending.rev);
  ctx.logger.warn(
    `revisions: post-jump of ${name} did not finish (process ${pending.pid} switched ${pkg} to it at ${pending.since} and was stopped before post-jump ended); running it now, before anything else`,
  );
  const previous = pending.previous && parseRevisionNameOrNull(pending.previous);
  const failure = await runHook('post-jump', { root: ctx.root, pkg, rev: pending.rev, previous, timeoutMs: ctx.hookTimeoutMs, logger: ctx.logger, output: ctx.hookOutput });
  await rm(paths.pendingPostJump, { force: true });
  return failure;
}

function parseRevisionNameOrNull(value: string): string | null {
  try {
    return parseRevisionName(value).name;
  } catch {
    return null;
  }
}
