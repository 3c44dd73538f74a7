import type { S3Client } from '@aws-sdk/client-s3';
import type { RevisionsApi } from '../../contract/revisions-api';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../shared/clock';
import { DEFAULT_STALE_AFTER_MS, driftOf, type LiveFleet } from './drift';
import { createRevisionsService, type RevisionsService } from './service';
import { createSpoolJobs, type RevisionsEmit } from './spool-jobs';

export interface RevisionsApiDeps {
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
  /** Aborted when the core closes: running spools are cancelled. */
  signal?: AbortSignal;
  /** Drift's "now" and the spools' revision names and retries (default: the system clock). */
  clock?: Clock;
  /** See DriftState (default 24 h). */
  staleAfterMs?: number;
  /** Multipart part size for spool (tests). */
  partSize?: number;
}

const noFleet = async (): Promise<LiveFleet> => ({ instances: [], error: 'The live instances are not known here, so no report is called orphan.' });

/**
 * The app's bucket-side revisions API. The service is built per call, so a change of bucket,
 * credentials or region in Settings applies to the next call without a restart.
 */
export function createRevisionsApi(deps: RevisionsApiDeps): RevisionsApi {
  const clock = deps.clock ?? systemClock;
  const service = (): RevisionsService =>
    createRevisionsService({ s3: deps.s3(), bucket: deps.bucket(), logger: deps.logger, pageSize: deps.pageSize, partSize: deps.partSize, clock, ...deps.options?.() });
  const emit: RevisionsEmit = deps.emit ?? (() => undefined);
  const spools = createSpoolJobs({ service, emit, logger: deps.logger, home: deps.home, signal: deps.signal });
  return {
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
}
