import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  paginateDescribeSecurityGroups,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { FlotillaError } from '../../contract/errors';
import { awsErrorCode, awsErrorMessage, isThrottling } from '../shared/aws-errors';
import { withBackoff } from '../shared/retry-policy';
import type { Clock, Logger } from '../ports';
import type { AccessMode } from '../../contract/instances/dto';
import { awsCallError, type DescribeContext } from './describe';
import { formatExpiry, TAG, tagMap, toEc2Tags } from './tags';

export const SSH_PORT = 22;

/** Does some rule let TCP `port` in from somewhere (any protocol counts, as `-1`)? */
export function allowsTcpPort(permissions: readonly IpPermission[], port: number): boolean {
  return permissions.some((rule) => {
    const protocol = rule.IpProtocol ?? '';
    const hasSource =
      (rule.IpRanges?.length ?? 0) + (rule.Ipv6Ranges?.length ?? 0) + (rule.UserIdGroupPairs?.length ?? 0) + (rule.PrefixListIds?.length ?? 0) > 0;
    if (!hasSource) return false;
    if (protocol === '-1') return true;
    if (protocol !== 'tcp' && protocol !== '6') return false;
    return (rule.FromPort ?? -1) <= port && port <= (rule.ToPort ?? -1);
  });
}

export interface Check {
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/**
 * An existing group: it must exist in the region and let in the ready-url's port (22 missing is a
 * warning, unless the instances are reached only over SSM, which needs no inbound port).
 */
export async function checkSecurityGroup(ec2: EC2Client, groupId: string, readyPort: number | null, region: string, ctx: DescribeContext, access: AccessMode = 'ssh'): Promise<Check> {
  let permissions: IpPermission[];
  try {
    const answer = await withBackoff(() => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })), { clock: ctx.clock });
    const group = answer.SecurityGroups?.[0];
    if (!group) throw Object.assign(new Error('not found'), { name: 'InvalidGroup.NotFound' });
    permissions = group.IpPermissions ?? [];
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'InvalidGroup.NotFound' || code === 'InvalidGroupId.Malformed' || code === 'InvalidGroupId.NotFound') {
      return { status: 'fail', message: `Security group ${groupId} does not exist in ${region} (${code}). Groups belong to one region and VPC; pick one from ${region}, or leave it empty to have Flotilla create one.` };
    }
    throw awsCallError(error, `describe security group ${groupId}`);
  }
  const rule = (port: number) => `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${groupId} --protocol tcp --port ${port} --cidr <your IP>/32`;
  if (readyPort !== null && !allowsTcpPort(permissions, readyPort)) {
    return { status: 'fail', message: `Security group ${groupId} does not allow inbound TCP ${readyPort} (the ready-url's port), so readiness cannot be checked. Add a rule (${rule(readyPort)}), or leave the group empty to have Flotilla create one.` };
  }
  if (access === 'ssm') {
    const ssh = allowsTcpPort(permissions, SSH_PORT) ? ' It also allows TCP 22, which SSM does not need; remove that rule if nothing else uses it.' : '';
    return { status: 'pass', message: `Security group ${groupId} allows inbound TCP ${readyPort ?? 'nothing Flotilla needs'}${readyPort !== null ? " (the ready-url's port)" : ''}; shells go over SSM.${ssh}` };
  }
  if (!allowsTcpPort(permissions, SSH_PORT)) {
    return { status: 'warn', message: `Security group ${groupId} does not allow inbound TCP 22, so SSH will not connect. Add a rule if you need it (${rule(SSH_PORT)}).` };
  }
  return { status: 'pass', message: `Security group ${groupId} allows inbound TCP ${readyPort !== null ? `${readyPort} and ` : ''}22.` };
}

export const CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:3[0-2]|[12]?\d)$/;

export interface CreateGroupInput {
  launchId: string;
  project: string;
  cidr: string;
  ports: number[];
  now: Date;
}

/**
 * A group for one launch, opening `ports` to `cidr`, tagged with the launch id. A retried launch
 * (same id) finds the group it already made instead of failing on the duplicate name.
 */
export async function createLaunchGroup(ec2: EC2Client, input: CreateGroupInput, ctx: DescribeContext): Promise<string> {
  const groupName = `flotilla-${input.launchId}`;
  const retry = <T>(task: () => Promise<T>) => withBackoff(task, { clock: ctx.clock, ...(ctx.random ? { random: ctx.random } : {}) });
  let groupId: string;
  try {
    const created = await retry(() =>
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName,
          Description: `Flotilla launch ${input.launchId} (${input.project}): ${input.ports.includes(SSH_PORT) ? 'SSH and ready-url' : 'ready-url'} from ${input.cidr}`,
          TagSpecifications: [
            {
              ResourceType: 'security-group',
              Tags: toEc2Tags({ Name: groupName, [TAG.launchId]: input.launchId, [TAG.project]: input.project, [TAG.createdAt]: formatExpiry(input.now) }),
            },
          ],
        }),
      ),
    );
    groupId = created.GroupId ?? '';
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'InvalidGroup.Duplicate') {
      const existing = await retry(() => ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [groupName] }] })));
      const found = existing.SecurityGroups?.find((g) => tagMap(g.Tags)[TAG.launchId] === input.launchId);
      if (found?.GroupId) return found.GroupId;
    }
    if (code === 'VPCIdNotSpecified') {
      throw new FlotillaError('invalid-input', 'This region has no default VPC, so Flotilla cannot create a security group. Choose an existing security group for the launch.', { code });
    }
    throw awsCallError(error, `create security group ${groupName}`);
  }
  // An SSM-only launch without a ready-url opens nothing (AuthorizeSecurityGroupIngress needs a rule).
  if (input.ports.length === 0) return groupId;
  try {
    await retry(() =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: input.ports.map((port) => ({
            IpProtocol: 'tcp',
            FromPort: port,
            ToPort: port,
            IpRanges: [{ CidrIp: input.cidr, Description: port === SSH_PORT ? 'SSH (Flotilla)' : 'ready-url (Flotilla)' }],
          })),
        }),
      ),
    );
  } catch (error) {
    try {
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    } catch {
      // Left for the sweeper, which removes orphaned launch groups.
    }
    throw awsCallError(error, `open ports ${input.ports.join(', ')} in ${groupId}`);
  }
  return groupId;
}

export interface DeleteOptions {
  clock: Clock;
  logger: Logger;
  /** First wait after DependencyViolation; doubles (with jitter) each time. */
  retryMs: number;
  tries?: number;
  random?: () => number;
  /** Aborting gives up at once (the app is closing); the sweeper deletes the group later. */
  signal?: AbortSignal;
}

/**
 * Deletes a group, waiting while it is still in use (DependencyViolation: its instances are
 * still shutting down) with exponential backoff. A group already gone counts as deleted.
 */
export async function deleteGroupWhenFree(ec2: EC2Client, groupId: string, options: DeleteOptions): Promise<'deleted' | 'failed'> {
  if (options.signal?.aborted) return 'failed';
  try {
    await withBackoff(() => ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })), {
      clock: options.clock,
      retries: (options.tries ?? 8) - 1,
      baseMs: options.retryMs,
      maxMs: options.retryMs * 16,
      ...(options.random ? { random: options.random } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      retryable: (error) => awsErrorCode(error) === 'DependencyViolation' || isThrottling(error),
    });
    options.logger.info('instances: deleted security group', { groupId });
    return 'deleted';
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'InvalidGroup.NotFound') return 'deleted';
    if (!options.signal?.aborted) {
      options.logger.warn('instances: could not delete security group; the next sweep tries again', { groupId, code, message: awsErrorMessage(error) });
    }
    return 'failed';
  }
}

export interface LaunchGroup {
  groupId: string;
  launchId: string;
  createdAt: Date | null;
}

/** Every group Flotilla created for a launch in this region. */
export async function listLaunchGroups(ec2: EC2Client): Promise<LaunchGroup[]> {
  const groups: LaunchGroup[] = [];
  for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, { Filters: [{ Name: 'tag-key', Values: [TAG.launchId] }] })) {
    for (const group of page.SecurityGroups ?? []) {
      const tags = tagMap(group.Tags);
      const created = Date.parse(tags[TAG.createdAt] ?? '');
      if (group.GroupId && tags[TAG.launchId]) groups.push({ groupId: group.GroupId, launchId: tags[TAG.launchId]!, createdAt: Number.isNaN(created) ? null : new Date(created) });
    }
  }
  return groups;
}
