import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkRetryOptions } from '../shared/retry-policy';
import type { StsFactory } from './ports';

/** The real STS client; one short-lived client per call. */
export const sdkStsFactory: StsFactory = ({ region, credentials }) => ({
  getCallerIdentity: async () => {
    const client = new STSClient({ region, credentials, ...sdkRetryOptions('sts') });
    try {
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
    } finally {
      client.destroy();
    }
  },
});
