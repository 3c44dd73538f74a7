import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CallerIdentity } from '../../contract/dto/credentials';

export type { CallerIdentity };

/**
 * STS GetCallerIdentity: who the client's credentials belong to. The one place the core asks it
 * (the AWS clients' `identity`, the credentials' connection test). Errors are the SDK's, for the
 * caller to put in words.
 */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const answer = await sts.send(new GetCallerIdentityCommand({}));
  return { account: answer.Account ?? '', arn: answer.Arn ?? '', userId: answer.UserId ?? '' };
}
