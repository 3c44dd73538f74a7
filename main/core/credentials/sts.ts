import { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity } from '../shared/caller-identity';
import { sdkRetryOptions } from '../shared/retry-policy';
import type { StsFactory } from './ports';

/** The real STS client; one short-lived client per call, at the environment's STS endpoint if it names one. */
export const sdkStsFactory: StsFactory = ({ region, credentials, endpoint }) => ({
  getCallerIdentity: async () => {
    const client = new STSClient({ region, credentials, ...sdkRetryOptions('sts'), ...(endpoint ? { endpoint } : {}) });
    try {
      return await callerIdentity(client);
    } finally {
      client.destroy();
    }
  },
});
