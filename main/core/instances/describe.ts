import { LIVE_INSTANCE_STATES } from '../../contract/instances-api';
import { paginateDescribeInstances, type EC2Client, type Filter, type Instance } from '@aws-sdk/client-ec2';
import { FlotillaError } from '../../contract/errors';
import type { AwsClientFactory } from '../aws/client-factory';
import { awsErrorCode, awsErrorMessage, isAccessDenied, isUnreachable } from '../shared/aws-errors';
import { withBackoff } from '../shared/retry-policy';
import type { Clock } from '../ports';
import { TAG } from './tags';

/** The states of a live instance (the fleet). */
export const LIVE_STATES: string[] = [...LIVE_INSTANCE_STATES];

/** EC2 answers at most 1000 instances per page. */
export const PAGE_SIZE = 1000;

export interface DescribeContext {
  clock: Clock;
  random?: () => number;
  /** Retries when throttled (default 5); the readiness poll passes 0 and backs off its own cycle instead. */
  retries?: number;
}

/**
 * Every instance matching `filters`, following NextToken with the SDK paginator (1000 a page);
 * the whole listing is retried with backoff when EC2 throttles.
 */
export function describeInstances(ec2: EC2Client, filters: Filter[], ctx: DescribeContext): Promise<Instance[]> {
  return withBackoff(
    async () => {
      const found: Instance[] = [];
      for await (const page of paginateDescribeInstances({ client: ec2, pageSize: PAGE_SIZE }, { Filters: filters })) {
        for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
      }
      return found;
    },
    { clock: ctx.clock, ...(ctx.random ? { random: ctx.random } : {}), ...(ctx.retries !== undefined ? { retries: ctx.retries } : {}) },
  );
}

export function fleetFilters(states: readonly string[] = LIVE_STATES): Filter[] {
  return [
    { Name: 'tag-key', Values: [TAG.project] },
    { Name: 'instance-state-name', Values: [...states] },
  ];
}

export interface Located {
  instance: Instance;
  region: string;
}

/**
 * Finds instances by id in `regions` (one call per region, in parallel; the `instance-id` filter
 * answers nothing rather than an error for ids that live elsewhere). Unknown ids are absent.
 */
export async function locateInstances(
  clients: AwsClientFactory,
  regions: readonly string[],
  ids: readonly string[],
  ctx: DescribeContext,
): Promise<Map<string, Located>> {
  const found = new Map<string, Located>();
  const wanted = new Set(ids);
  await Promise.all(
    regions.map(async (region) => {
      let instances: Instance[];
      try {
        instances = await describeInstances(clients.ec2(region), [{ Name: 'instance-id', Values: [...ids] }], ctx);
      } catch (error) {
        throw awsCallError(error, `look up ${ids.join(', ')} in ${region}`);
      }
      for (const instance of instances) if (instance.InstanceId && wanted.has(instance.InstanceId)) found.set(instance.InstanceId, { instance, region });
    }),
  );
  return found;
}

export async function locateOne(clients: AwsClientFactory, regions: readonly string[], id: string, ctx: DescribeContext): Promise<Located> {
  if (!/^i-[0-9a-f]{8,17}$/.test(id)) {
    throw new FlotillaError('invalid-input', `'${id}' is not an EC2 instance id (i- followed by 8 or 17 hex digits).`, { id });
  }
  const located = (await locateInstances(clients, regions, [id], ctx)).get(id);
  if (!located) {
    throw new FlotillaError('not-found', `No instance ${id} in ${regions.join(', ')}. Check the id, or add its region in Settings → AWS regions.`, { id });
  }
  return located;
}

/** An AWS failure as a FlotillaError: forbidden (with the code), unavailable, or invalid input. */
export function awsCallError(error: unknown, what: string): FlotillaError {
  if (error instanceof FlotillaError) return error;
  const code = awsErrorCode(error);
  const message = awsErrorMessage(error);
  if (isAccessDenied(error)) {
    return new FlotillaError('forbidden', `AWS refused to ${what}: ${code}: ${message}. Ask for the missing IAM permission, or use another profile.`, { code });
  }
  if (isUnreachable(error)) {
    return new FlotillaError('unavailable', `Could not reach AWS to ${what} (${code}). Check the network, or AWS_ENDPOINT_URL.`, { code });
  }
  if (/credential/i.test(message) || code === 'CredentialsProviderError') {
    return new FlotillaError('forbidden', `No usable AWS credentials to ${what}: ${message}. Set AWS_PROFILE or log in (\`aws sso login\`).`, { code });
  }
  return new FlotillaError('unavailable', `Could not ${what}: ${code}: ${message}`, { code });
}
