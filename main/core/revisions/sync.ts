import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { PackageSyncReport, SyncProgress, SyncReport } from '../../contract/revisions/dto';
import { FlotillaError } from '../../contract/errors';
import type { BucketContext } from './bucket';
import { downloadRevision } from './download';
import { runHook, type HookRun } from './hooks';
import { localPackageNames, localRevs, packagePaths, pointLink, readRevLink, revisionName, type PackagePaths } from './local-layout';
import { HookFailed, jumpLocked, withPackageLock, type LocalContext } from './local-jump';
import type { RevisionLimits } from './limits';
import { listRevisionObjects, readPointers } from './remote-catalog';
import { byCodeUnits, isRev, parseRevisionName } from './rev-name';
import { toDownload, toRemove } from './sync-plan';

export interface SyncContext extends LocalContext {
  bucket: BucketContext;
  /** Revisions downloaded at once. */
  concurrency: number;
  /** Revisions older than current kept besides previous. */
  keep: number;
  signal?: AbortSignal;
  onProgress?(progress: SyncProgress): void;
  /** Per revision (default DEFAULT_LIMITS). */
  limits?: RevisionLimits;
}

/** Every package folder under the root, one after the other; a failing package never stops the others. */
export async function syncAll(ctx: SyncContext): Promise<SyncReport> {
  const packages: PackageSyncReport[] = [];
  for (const pkg of await localPackageNames(ctx.root)) {
    ctx.signal?.throwIfAborted();
    packages.push(await syncPackage(ctx, pkg));
  }
  return { packages, ok: packages.every((p) => p.errors.length === 0) };
}

export async function syncPackage(ctx: SyncContext, pkg: string): Promise<PackageSyncReport> {
  const report: PackageSyncReport = { package: pkg, remoteCurrent: null, current: null, previous: null, downloaded: [], removed: [], errors: [], hookFailures: [] };
  const note = (error: unknown) => {
    if (error instanceof HookFailed) report.hookFailures.push(error.failure);
    report.errors.push(error instanceof Error ? error.message : String(error));
  };
  try {
    await withPackageLock(ctx, pkg, 'sync', (resumed) => {
      if (resumed) note(new HookFailed(resumed, `${pkg} stays on ${resumed.revision}.`));
      return syncLocked(ctx, pkg, report, note);
    });
  } catch (error) {
    note(error);
  }
  const paths = packagePaths(ctx.root, pkg);
  const [current, previous] = await Promise.all([readRevLink(paths.current), readRevLink(paths.previous)]);
  report.current = current ? revisionName(pkg, current) : null;
  report.previous = previous ? revisionName(pkg, previous) : null;
  return report;
}

async function syncLocked(ctx: SyncContext, pkg: string, report: PackageSyncReport, note: (error: unknown) => void): Promise<void> {
  const paths = packagePaths(ctx.root, pkg);
  await mkdir(paths.revs, { recursive: true });
  await recoverInterrupted(ctx, paths);

  const refusedKeys: Array<{ rev: string; reason: string }> = [];
  const [pointers, objects] = await Promise.all([readPointers(ctx.bucket, pkg), listRevisionObjects(ctx.bucket, pkg, refusedKeys)]);
  for (const { reason } of refusedKeys) note(new FlotillaError('invalid-input', reason));
  report.remoteCurrent = pointers.current;
  const remoteCurrent = pointers.current ? parseRevisionName(pointers.current).rev : null;
  const remotePrevious = pointers.previous ? parseRevisionName(pointers.previous).rev : null;
  const keyOf = new Map(objects.map((o) => [o.rev, o.key]));

  const here = new Set(await localRevs(paths));
  const wanted = toDownload([...keyOf.keys()], here, { current: remoteCurrent, previous: remotePrevious, keep: ctx.keep });
  const limit = pLimit(Math.max(1, ctx.concurrency));
  const unchecked: Array<{ rev: string; message: string }> = [];
  await Promise.all(
    wanted.map((rev) =>
      limit(async () => {
        try {
          const message = await fetchRevision(ctx, paths, pkg, rev, keyOf.get(rev)!);
          if (message) unchecked.push({ rev, message });
          report.downloaded.push(revisionName(pkg, rev));
        } catch (error) {
          note(error);
        }
      }),
    ),
  );
  report.downloaded.sort();
  await sayUncheckedOnce(ctx, paths, unchecked);

  if (remoteCurrent) {
    if (await isDir(paths.rev(remoteCurrent))) {
      try {
        const jumped = await jumpLocked(ctx, pkg, remoteCurrent);
        if (jumped.postJumpFailure) note(new HookFailed(jumped.postJumpFailure, `${pkg} stays on ${jumped.current}.`));
      } catch (error) {
        note(error);
      }
    } else if (refusedKeys.some((r) => r.rev === remoteCurrent)) {
      note(new FlotillaError('invalid-input', `${pointers.current} is current in the bucket but its key was refused (see above); ${pkg} was not switched.`));
    } else if (keyOf.has(remoteCurrent)) {
      note(new FlotillaError('unavailable', `${pointers.current} is current in the bucket but could not be fetched (see above); ${pkg} was not switched.`));
    } else {
      note(new FlotillaError('not-found', `${pkg}.current names ${pointers.current}, which is not in the bucket; ${pkg} was not switched. Fix it with jump --master <rev>.`));
    }
  }
  const localCurrent = await readRevLink(paths.current);
  if (remotePrevious && remotePrevious !== localCurrent && (await isDir(paths.rev(remotePrevious)))) {
    await pointLink(paths.previous, remotePrevious);
  }

  const localPrevious = await readRevLink(paths.previous);
  const plan = toRemove({ remote: new Set(keyOf.keys()), local: await localRevs(paths), current: localCurrent, previous: localPrevious, keep: ctx.keep });
  for (const rev of [...plan.gone, ...plan.pruned]) {
    try {
      if (await removeRevision(ctx, paths, pkg, rev, localPrevious)) report.removed.push(revisionName(pkg, rev));
    } catch (error) {
      note(error);
    }
  }
}

/**
 * Download, then post-spool; a marker in .tmp says post-spool has not finished yet. Answers what
 * a revision without sha256 metadata was not checked for (see downloadRevision), else null.
 */
async function fetchRevision(ctx: SyncContext, paths: PackagePaths, pkg: string, rev: string, key: string): Promise<string | null> {
  const marker = join(paths.tmp, `${rev}.pending`);
  await mkdir(paths.tmp, { recursive: true });
  await writeFile(marker, `${process.pid}\n`);
  try {
    const { unchecked } = await downloadRevision(ctx.bucket, {
      pkg,
      rev,
      key,
      paths,
      signal: ctx.signal,
      limits: ctx.limits,
      onBytes: (bytes, totalBytes) => ctx.onProgress?.({ package: pkg, revision: revisionName(pkg, rev), bytes, totalBytes }),
    });
    const current = await readRevLink(paths.current);
    const failure = await runHook('post-spool', hookRun(ctx, pkg, rev, current));
    if (failure) {
      await discard(paths, rev);
      throw new HookFailed(failure, `${revisionName(pkg, rev)} was removed; the next sync fetches it again.`);
    }
    ctx.logger.info(`revisions: fetched ${revisionName(pkg, rev)}`);
    return unchecked;
  } finally {
    await rm(marker, { force: true });
  }
}

/** Newest revs remembered in <P>/.sha256-unchecked. */
const UNCHECKED_REMEMBERED = 200;

/**
 * Says at info level, once per revision and server (remembered in <P>/.sha256-unchecked across
 * syncs), that a revision came without sha256 metadata; a later fetch of it says so at debug.
 * Revisions FTL spooled all come so: that is expected in a mixed fleet, not a warning.
 */
async function sayUncheckedOnce(ctx: SyncContext, paths: PackagePaths, unchecked: Array<{ rev: string; message: string }>): Promise<void> {
  if (!unchecked.length) return;
  const told = new Set((await readFile(paths.uncheckedTold, 'utf8').catch(() => '')).split('\n').filter(isRev));
  for (const { rev, message } of unchecked.sort((a, b) => byCodeUnits(a.rev, b.rev))) {
    if (told.has(rev)) {
      ctx.logger.debug(message);
    } else {
      ctx.logger.info(message);
      told.add(rev);
    }
  }
  const kept = [...told].sort(byCodeUnits).slice(-UNCHECKED_REMEMBERED);
  await writeFile(paths.uncheckedTold, kept.join('\n') + '\n').catch((error: unknown) =>
    ctx.logger.debug(`revisions: could not write ${paths.uncheckedTold}`, { error: String(error) }),
  );
}

/**
 * After a sync was killed: a revision whose post-spool never finished is removed (unless it is
 * somehow current or previous), and whatever was half-downloaded in .tmp is wiped.
 */
async function recoverInterrupted(ctx: SyncContext, paths: PackagePaths): Promise<void> {
  const leftovers = await readdir(paths.tmp).catch(() => [] as string[]);
  const keep = new Set([await readRevLink(paths.current), await readRevLink(paths.previous)]);
  for (const name of leftovers) {
    const rev = name.endsWith('.pending') ? name.slice(0, -'.pending'.length) : null;
    if (rev && !keep.has(rev) && (await isDir(paths.rev(rev)))) {
      ctx.logger.warn(`revisions: ${paths.rev(rev)} never finished post-spool; removing it to fetch it again`);
      await discard(paths, rev);
    }
  }
  await rm(paths.tmp, { recursive: true, force: true });
}

/** What a sync's hook is told: the revision it is about and the package's previous revision, if any. */
function hookRun(ctx: SyncContext, pkg: string, rev: string, previous: string | null): HookRun {
  return { root: ctx.root, pkg, rev, previous: previous ? revisionName(pkg, previous) : null, timeoutMs: ctx.hookTimeoutMs, logger: ctx.logger, output: ctx.hookOutput };
}

/** pre-remove may veto; the folder is renamed into .tmp first so it never looks half-present. */
async function removeRevision(ctx: SyncContext, paths: PackagePaths, pkg: string, rev: string, previous: string | null): Promise<boolean> {
  const failure = await runHook('pre-remove', hookRun(ctx, pkg, rev, previous));
  if (failure) throw new HookFailed(failure, `${revisionName(pkg, rev)} was kept.`);
  await discard(paths, rev);
  ctx.logger.info(`revisions: removed ${revisionName(pkg, rev)}`);
  return true;
}

async function discard(paths: PackagePaths, rev: string): Promise<void> {
  await mkdir(paths.tmp, { recursive: true });
  const aside = join(paths.tmp, `${rev}.removing.${process.pid}.${Date.now()}`);
  await rename(paths.rev(rev), aside);
  await rm(aside, { recursive: true, force: true });
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
