import type { S3Client } from '@aws-sdk/client-s3';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type {
  JumpResult,
  LocalPackage,
  LocalRevision,
  PackageSummary,
  PointerState,
  RevisionInfo,
  SpoolProgress,
  SpoolResult,
  SyncProgress,
  SyncReport,
} from '../../contract/dto/revisions';
import { FlotillaError } from '../../contract/errors';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../shared/clock';
import { DEFAULT_REVISIONS_KEPT } from '../shared/defaults';
import type { BucketContext } from './bucket';
import type { HookOutput } from './hook-output';
import { DEFAULT_LIMITS, type RevisionLimits } from './limits';
import { listLocalPackages, listLocalRevisions } from './local-catalog';
import { jumpBackLocal, jumpLocal, type LocalContext } from './local-jump';
import { jumpBackMaster, jumpMaster, purgeMaster } from './master';
import { listPackages, listRevisions } from './remote-catalog';
import { requirePackageName } from './rev-name';
import { spool } from './spool';
import { writeStatus } from './status';
import { syncAll } from './sync';

export interface RevisionsServiceOptions {
  s3: S3Client;
  bucket: string;
  logger: Logger;
  clock?: Clock;
  /** FTL_ROOT: one folder per package. Needed by sync, jump, jump-back and the local lists. */
  root?: string;
  /** Revisions downloaded at once by sync (default 3). */
  concurrency?: number;
  /** Revisions older than current kept by sync besides previous (default 5). */
  keep?: number;
  /** A hook running longer is killed and counts as failed (default 10 minutes). */
  hookTimeoutMs?: number;
  /** How long a sync or jump waits for another one on the same package (default 60 s). */
  lockWaitMs?: number;
  /**
   * Multipart part size (default 8 MiB, as the AWS CLI) and parts in flight (default 12) for spool.
   * Each part streams from its own range of the file, so memory does not grow with either.
   */
  partSize?: number;
  queueSize?: number;
  /** Where hook output is shown as it comes, besides `<P>/hooks.log` (the agent: its stdout, as FTL). */
  hookOutput?: HookOutput;
  /** When set, each local jump writes its status report (statusKey) to the bucket. */
  statusId?: string;
  /** The host named in status objects (default: os.hostname()). */
  host?: string;
  /** ListObjectsV2 page size; only tests lower it. */
  pageSize?: number;
  /** What one revision may take on this server when sync fetches it (default DEFAULT_LIMITS; the agent reads FTL_MAX_REVISION_BYTES etc.). */
  limits?: Partial<RevisionLimits>;
}

export interface SpoolRequest {
  path: string;
  signal?: AbortSignal;
  onProgress?(progress: SpoolProgress): void;
}

export interface RevisionsService {
  spool(input: SpoolRequest): Promise<SpoolResult>;
  listPackages(): Promise<PackageSummary[]>;
  listRevisions(input: { package: string }): Promise<RevisionInfo[]>;
  jumpMaster(input: { revision: string }): Promise<PointerState>;
  jumpBackMaster(input: { package: string }): Promise<PointerState>;
  purgeMaster(input: { revision: string }): Promise<{ revision: string; key: string }>;
  listLocalPackages(): Promise<LocalPackage[]>;
  listLocalRevisions(input: { package: string }): Promise<LocalRevision[]>;
  sync(input?: { signal?: AbortSignal; onProgress?(progress: SyncProgress): void }): Promise<SyncReport>;
  jump(input: { revision: string }): Promise<JumpResult>;
  jumpBack(input: { package: string }): Promise<JumpResult>;
}

export const REVISION_DEFAULTS = {
  concurrency: 3,
  keep: DEFAULT_REVISIONS_KEPT,
  hookTimeoutMs: 10 * 60_000,
  lockWaitMs: 60_000,
  partSize: 8 << 20,
  queueSize: 12,
} as const;

/** FTL-compatible revisions over an injected S3 client: the bucket side and, with a root, a server's side. */
export function createRevisionsService(options: RevisionsServiceOptions): RevisionsService {
  const clock = options.clock ?? systemClock;
  const bucket: BucketContext = { s3: options.s3, bucket: options.bucket, logger: options.logger, pageSize: options.pageSize };
  const host = options.host ?? hostname();

  function local(): LocalContext {
    if (!options.root) {
      throw new FlotillaError('invalid-input', 'No FTL_ROOT is set: sync, jump and the local lists work on a folder holding one folder per package.');
    }
    return {
      root: resolve(options.root),
      logger: options.logger,
      clock,
      hookTimeoutMs: options.hookTimeoutMs ?? REVISION_DEFAULTS.hookTimeoutMs,
      lockWaitMs: options.lockWaitMs ?? REVISION_DEFAULTS.lockWaitMs,
      hookOutput: options.hookOutput,
      onJumped: options.statusId
        ? (pkg, revision) => writeStatus(bucket, options.statusId!, { package: pkg, revision, time: clock.now().toISOString(), host })
        : undefined,
    };
  }

  return {
    spool: (input) =>
      spool(
        bucket,
        { partSize: options.partSize ?? REVISION_DEFAULTS.partSize, queueSize: options.queueSize ?? REVISION_DEFAULTS.queueSize, clock },
        input,
      ),
    listPackages: () => listPackages(bucket),
    listRevisions: async ({ package: pkg }) => (await listRevisions(bucket, requirePackageName(pkg))).revisions,
    jumpMaster: ({ revision }) => jumpMaster(bucket, revision),
    jumpBackMaster: ({ package: pkg }) => jumpBackMaster(bucket, pkg),
    purgeMaster: ({ revision }) => purgeMaster(bucket, revision),
    listLocalPackages: () => listLocalPackages(local().root),
    listLocalRevisions: ({ package: pkg }) => listLocalRevisions(local().root, pkg),
    sync: (input = {}) =>
      syncAll({
        ...local(),
        bucket,
        concurrency: options.concurrency ?? REVISION_DEFAULTS.concurrency,
        keep: options.keep ?? REVISION_DEFAULTS.keep,
        signal: input.signal,
        onProgress: input.onProgress,
        limits: { ...DEFAULT_LIMITS, ...definedOnly(options.limits) },
      }),
    jump: ({ revision }) => jumpLocal(local(), revision),
    jumpBack: ({ package: pkg }) => jumpBackLocal(local(), pkg),
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
