import type { S3Client } from '@aws-sdk/client-s3';
import type { Settings } from '../../contract/dto/settings';
import { FlotillaError } from '../../contract/errors';
import type { InstancesApi } from '../../contract/instances-api';
import type { RevisionsApi } from '../../contract/revisions-api';
import type { CoreService } from '../core-service';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../shared/clock';
import { DEFAULT_STALE_AFTER_MS, driftOf, type LiveFleet } from './drift';
import { createRevisionsService, type RevisionsService } from './service';
import { createSpoolJobs, type RevisionsEmit } from './spool-jobs';

export interface RevisionsAppServiceDeps {
  /** The S3 client for the current credentials and region (asked on every call). */
  s3: () => S3Client;
  /** The revisions bucket from settings; throws FlotillaError('invalid-input') when none is set. */
  bucket: () => string;
  logger: Logger;
  /** keep / hook timeout from settings (asked on every call); the service's defaults otherwise. */
  options?: () => { keep?: number; hookTimeoutMs?: number };
  /** ListObjectsV2 page size; only tests lower it. */
  pageSize?: number;
  /** Where `revisions.*` events go (spool progress and outcome, changed); dropped when absent. */
  emit?: RevisionsEmit;
  /**
   * The live instances, for drift (the host passes the Instances feature's list, so this module
   * does not depend on it). Without it every report is listed with `instancesError` set.
   */
  liveInstances?: () => Promise<LiveFleet>;
  /** For `~/...` spool paths. */
  home?: string;
  /** Drift's "now" and the spools' revision names and retries (default: the system clock). */
  clock?: Clock;
  /** See DriftState (default 24 h). */
  staleAfterMs?: number;
  /** Multipart part size for spool (tests). */
  partSize?: number;
}

/**
 * What the service reads from the app's Settings, on every call (a change applies at once): the S3
 * client of the default region, the bucket (an error saying where to set it when none is), how
 * many old revisions sync keeps and the hook timeout.
 */
export function revisionsSettings(settings: () => Settings, s3For: (region: string) => S3Client): Pick<RevisionsAppServiceDeps, 's3' | 'bucket' | 'options'> {
  return {
    s3: () => s3For(settings().defaultRegion),
    bucket: () => revisionsBucketOf(settings()),
    options: () => ({ keep: settings().revisions.keep, hookTimeoutMs: settings().hookTimeoutSeconds * 1000 }),
  };
}

/** The fleet as the Instances page lists it, for drift: a region that could not be listed is named in `error`. */
export function liveFleetOf(instances: Pick<InstancesApi, 'list'>): () => Promise<LiveFleet> {
  return async () => {
    const fleet = await instances.list({});
    const failed = fleet.regions.filter((r) => !r.ok);
    return { instances: fleet.instances, error: failed.length ? failed.map((r) => `${r.region}: ${r.error ?? 'not listed'}`).join('; ') : null };
  };
}

/** Settings → Revisions bucket, or an error that says where to set it. */
export function revisionsBucketOf(settings: Settings): string {
  const bucket = settings.revisions.bucket;
  if (!bucket) {
    throw new FlotillaError(
      'invalid-input',
      'No revisions bucket is set. Choose one in Settings → Revisions (revisions.bucket), the S3 bucket your releases are spooled to.',
      { setting: 'revisions.bucket' },
    );
  }
  return bucket;
}

const noFleet = async (): Promise<LiveFleet> => ({ instances: [], error: 'The live instances are not known here, so no report is called orphan.' });

/**
 * The app's Revisions service, for every host (desktop, browser mode, CLI): the bucket side of
 * FTL's commands, spools with progress events, and drift against the live fleet. The engine
 * (service.ts, shared with the agent) is built per call, so a change of bucket, credentials or
 * region in Settings applies to the next call without a restart. Closing it cancels running spools.
 */
export function createRevisionsAppService(deps: RevisionsAppServiceDeps): CoreService<RevisionsApi> {
  const clock = deps.clock ?? systemClock;
  const service = (): RevisionsService =>
    createRevisionsService({ s3: deps.s3(), bucket: deps.bucket(), logger: deps.logger, pageSize: deps.pageSize, partSize: deps.partSize, clock, ...deps.options?.() });
  const emit: RevisionsEmit = deps.emit ?? (() => undefined);
  const stop = new AbortController();
  const spools = createSpoolJobs({ service, emit, logger: deps.logger, home: deps.home, signal: stop.signal });
  const api: RevisionsApi = {
    packages: async () => service().listPackages(),
    revisions: async ({ package: pkg }) => service().listRevisions({ package: pkg }),
    jump: async ({ revision }) => {
      const state = await service().jumpMaster({ revision });
      emit('revisions.changed', { package: state.package, reason: 'jump' });
      return state;
    },
    jumpBack: async ({ package: pkg }) => {
      const state = await service().jumpBackMaster({ package: pkg });
      emit('revisions.changed', { package: state.package, reason: 'jumpBack' });
      return state;
    },
    spool: (input) => spools.start(input),
    cancelSpool: async (input) => spools.cancel(input),
    drift: async ({ package: pkg }) => {
      const ctx = { s3: deps.s3(), bucket: deps.bucket(), logger: deps.logger, pageSize: deps.pageSize };
      const fleet = await (deps.liveInstances ?? noFleet)().catch((error: unknown) => ({
        instances: [],
        error: `Could not list the live instances (${error instanceof Error ? error.message : String(error)}), so no report is called orphan.`,
      }));
      return driftOf(ctx, pkg, fleet, { now: clock.now(), staleAfterMs: deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS });
    },
  };
  return {
    api,
    close: async () => stop.abort(),
  };
}
