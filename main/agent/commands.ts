import type { JumpResult, SpoolProgress } from '../contract/revisions/dto';
import { createRevisionsService, describeHookFailure, type RevisionsService, type RevisionsServiceOptions } from '../core/revisions';
import { limitsFromEnv, requireBucket, requireRoot, s3ClientFromEnv, statusIdOf, stderrLogger, type Env } from './environment';
import { formatLocalRevisions, formatPackages, formatProgress, formatRemoteRevisions, formatSync } from './format';

export interface AgentIo {
  out(text: string): void;
  err(text: string): void;
  /** A progress line that replaces the previous one on a terminal. */
  progress(text: string, final: boolean): void;
  /** Text as it comes (hook output), no newline added. */
  write(stream: 'out' | 'err', text: string): void;
}

export interface Flags {
  master: boolean;
  json: boolean;
  quiet: boolean;
  keep?: number;
  concurrency?: number;
  hookTimeoutMs?: number;
  lockWaitMs?: number;
}

/** A service configured from the environment; `needs` says which of FTL_BUCKET / FTL_ROOT must be set. */
async function open(env: Env, io: AgentIo, flags: Flags, needs: { bucket: boolean; root: boolean; status?: boolean; limits?: boolean }) {
  const bucket = needs.bucket ? requireBucket(env) : (env.FTL_BUCKET?.trim() ?? '');
  const limits = needs.limits ? limitsFromEnv(env) : undefined;
  const root = needs.root ? requireRoot(env) : env.FTL_ROOT?.trim();
  const s3 = s3ClientFromEnv(env);
  const options: RevisionsServiceOptions = {
    s3,
    bucket,
    root,
    logger: stderrLogger(io.err, Boolean(env.FTL_DEBUG)),
    keep: flags.keep,
    concurrency: flags.concurrency,
    hookTimeoutMs: flags.hookTimeoutMs,
    lockWaitMs: flags.lockWaitMs,
    // As FTL (rhettg/ftl ftl/local.go:442-445), hooks speak on stdout; with --json, stdout is the report's.
    hookOutput: (text) => io.write(flags.json ? 'err' : 'out', text),
    statusId: needs.status && bucket ? await statusIdOf(env) : undefined,
    limits,
  };
  const service = createRevisionsService(options);
  return { service, close: () => s3.destroy() };
}

async function withService(env: Env, io: AgentIo, flags: Flags, needs: Parameters<typeof open>[3], run: (service: RevisionsService) => Promise<number>) {
  const { service, close } = await open(env, io, flags, needs);
  try {
    return await run(service);
  } finally {
    close();
  }
}

export function spoolCommand(env: Env, io: AgentIo, flags: Flags, path: string): Promise<number> {
  return withService(env, io, flags, { bucket: true, root: false }, async (service) => {
    let last: SpoolProgress | null = null;
    const onProgress = flags.quiet
      ? undefined
      : (p: SpoolProgress) => {
          if (last && last.phase !== p.phase) io.progress(formatProgress(last), true);
          last = p;
          io.progress(formatProgress(p), false);
        };
    const result = await service.spool({ path, onProgress });
    if (last) io.progress(formatProgress(last), true);
    io.out(result.name);
    return 0;
  });
}

export function listCommand(env: Env, io: AgentIo, flags: Flags, pkg: string | undefined): Promise<number> {
  return withService(env, io, flags, { bucket: flags.master, root: !flags.master }, async (service) => {
    const print = <T>(value: T, format: (value: T) => string) => {
      const text = flags.json ? JSON.stringify(value, null, 2) : format(value);
      if (text) io.out(text);
      return 0;
    };
    if (flags.master && pkg) return print(await service.listRevisions({ package: pkg }), formatRemoteRevisions);
    if (flags.master) return print(await service.listPackages(), formatPackages);
    if (pkg) return print(await service.listLocalRevisions({ package: pkg }), formatLocalRevisions);
    return print(await service.listLocalPackages(), formatPackages);
  });
}

export function syncCommand(env: Env, io: AgentIo, flags: Flags): Promise<number> {
  return withService(env, io, flags, { bucket: true, root: true, status: true, limits: true }, async (service) => {
    const report = await service.sync();
    if (flags.json) io.out(JSON.stringify(report, null, 2));
    else if (report.packages.length) io.out(formatSync(report));
    else io.err(`flotilla-agent: FTL_ROOT has no package folders; create one per package (mkdir <FTL_ROOT>/<package>).`);
    for (const p of report.packages) for (const error of p.errors) io.err(`flotilla-agent: ${p.package}: ${error}`);
    const hook = report.packages.flatMap((p) => p.hookFailures)[0];
    if (hook) return hook.exitCode || 1;
    return report.ok ? 0 : 1;
  });
}

function reportJump(io: AgentIo, result: JumpResult): number {
  if (!result.changed) io.out(`${result.package}: already on ${result.current}`);
  else io.out(`${result.package}: now on ${result.current} (previous ${result.previous ?? '-'})`);
  if (!result.postJumpFailure) return 0;
  io.err(`flotilla-agent: ${describeHookFailure(result.postJumpFailure)} The switch stays.`);
  return result.postJumpFailure.exitCode || 1;
}

export function jumpCommand(env: Env, io: AgentIo, flags: Flags, revision: string): Promise<number> {
  return withService(env, io, flags, { bucket: flags.master, root: !flags.master, status: true }, async (service) => {
    if (!flags.master) return reportJump(io, await service.jump({ revision }));
    const state = await service.jumpMaster({ revision });
    io.out(`${state.package}: bucket current ${state.current ?? '-'} (previous ${state.previous ?? '-'})`);
    return 0;
  });
}

export function jumpBackCommand(env: Env, io: AgentIo, flags: Flags, pkg: string): Promise<number> {
  return withService(env, io, flags, { bucket: flags.master, root: !flags.master, status: true }, async (service) => {
    if (!flags.master) return reportJump(io, await service.jumpBack({ package: pkg }));
    const state = await service.jumpBackMaster({ package: pkg });
    io.out(`${state.package}: bucket current ${state.current ?? '-'} (previous ${state.previous ?? '-'})`);
    return 0;
  });
}

export function purgeCommand(env: Env, io: AgentIo, flags: Flags, revision: string): Promise<number> {
  return withService(env, io, flags, { bucket: true, root: false }, async (service) => {
    const { key } = await service.purgeMaster({ revision });
    io.out(`purged ${key}`);
    return 0;
  });
}
