import type { S3Client } from '@aws-sdk/client-s3';
import type { RevisionsApi } from '../../contract/revisions-api';
import type { Logger } from '../ports';
import { createRevisionsService, type RevisionsService } from './service';

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
}

/**
 * The app's bucket-side revisions API. The service is built per call, so a change of bucket,
 * credentials or region in Settings applies to the next call without a restart.
 */
export function createRevisionsApi(deps: RevisionsApiDeps): RevisionsApi {
  const service = (): RevisionsService =>
    createRevisionsService({ s3: deps.s3(), bucket: deps.bucket(), logger: deps.logger, pageSize: deps.pageSize, ...deps.options?.() });
  return {
    packages: async () => service().listPackages(),
    revisions: async ({ package: pkg }) => service().listRevisions({ package: pkg }),
    jump: async ({ revision }) => service().jumpMaster({ revision }),
    jumpBack: async ({ package: pkg }) => service().jumpBackMaster({ package: pkg }),
  };
}
