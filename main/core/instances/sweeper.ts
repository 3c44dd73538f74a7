import { TerminateInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import type { RegionStatus, SweepResult } from '../../contract/dto/instances';
import { withBackoff } from '../shared/retry-policy';
import type { Clock, Logger } from '../ports';
import { awsCallError, describeInstances } from './describe';
import { stateOf } from './instance-dto';
import { deleteGroupWhenFree, listLaunchGroups } from './security-group';
import { isFlotillaTagged, parseExpiry, TAG, tagMap } from './tags';

/** A group left behind by a launch is only removed once it is this old (a launch may be creating it right now). */
export const ORPHAN_GROUP_AGE_MS = 30 * 60_000;

export interface SweepDeps {
  ec2(region: string): EC2Client;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

/**
 * Expired: launched by Flotilla (flotilla:project and flotilla:launch-id), flotilla:expires-at a
 * time that has passed (not `never`, not missing or unreadable), and not already going away.
 * Checked on every instance just before terminating, whatever the listing's filter said.
 */
export function isExpired(instance: Instance, now: Date): boolean {
  const tags = tagMap(instance.Tags);
  if (!isFlotillaTagged(tags)) return false;
  const state = stateOf(instance);
  if (state === 'shutting-down' || state === 'terminated') return false;
  const expiry = parseExpiry(tags[TAG.expiresAt]);
  return expiry.kind === 'at' && expiry.at.getTime() <= now.getTime();
}

/** Terminates in batches of 1000 (EC2's limit per call). */
export async function terminateIds(ec2: EC2Client, ids: string[], clock: Clock): Promise<Map<string, string>> {
  const previous = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const answer = await withBackoff(() => ec2.send(new TerminateInstancesCommand({ InstanceIds: ids.slice(i, i + 1000) })), { clock });
    for (const change of answer.TerminatingInstances ?? []) if (change.InstanceId) previous.set(change.InstanceId, change.PreviousState?.Name ?? 'running');
  }
  return previous;
}

export interface RegionSweep {
  status: RegionStatus;
  /** Every Flotilla instance listed (null when the region could not be listed). */
  instances: Instance[] | null;
  terminated: SweepResult['terminated'];
  groupsDeleted: string[];
}

/** One region: terminate what has expired, then delete groups whose launch has no instance left. */
export async function sweepRegion(region: string, deps: SweepDeps): Promise<RegionSweep> {
  const ec2 = deps.ec2(region);
  const now = deps.clock.now();
  let instances: Instance[];
  try {
    instances = await describeInstances(
      ec2,
      [
        { Name: 'tag-key', Values: [TAG.expiresAt] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
      ],
      { clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) },
    );
  } catch (error) {
    return { status: { region, ok: false, count: 0, error: awsCallError(error, `list instances in ${region}`).message }, instances: null, terminated: [], groupsDeleted: [] };
  }
  const expired = instances.filter((instance) => isExpired(instance, now));
  const terminated: SweepResult['terminated'] = [];
  if (expired.length > 0) {
    try {
      const done = await terminateIds(ec2, expired.map((i) => i.InstanceId!), deps.clock);
      for (const instance of expired) {
        if (!done.has(instance.InstanceId!)) continue;
        const tags = tagMap(instance.Tags);
        terminated.push({ id: instance.InstanceId!, region, project: tags[TAG.project]!, branch: tags[TAG.branch] ?? '', expiresAt: tags[TAG.expiresAt]! });
      }
      deps.logger.info('instances: swept expired instances', { region, ids: terminated.map((t) => t.id) });
    } catch (error) {
      return { status: { region, ok: false, count: instances.length, error: awsCallError(error, `terminate expired instances in ${region}`).message }, instances, terminated, groupsDeleted: [] };
    }
  }
  const groupsDeleted = await deleteOrphanGroups(ec2, instances, now, deps);
  return { status: { region, ok: true, count: instances.length }, instances, terminated, groupsDeleted };
}

/** Groups tagged with a launch id that no listed instance carries any more, once old enough. One try each. */
async function deleteOrphanGroups(ec2: EC2Client, instances: Instance[], now: Date, deps: SweepDeps): Promise<string[]> {
  const live = new Set(instances.map((i) => tagMap(i.Tags)[TAG.launchId]).filter(Boolean));
  let groups;
  try {
    groups = await listLaunchGroups(ec2);
  } catch (error) {
    deps.logger.warn('instances: could not list launch security groups', { error: String(error) });
    return [];
  }
  const deleted: string[] = [];
  for (const group of groups) {
    if (live.has(group.launchId) || !group.createdAt || now.getTime() - group.createdAt.getTime() < ORPHAN_GROUP_AGE_MS) continue;
    const outcome = await deleteGroupWhenFree(ec2, group.groupId, { clock: deps.clock, logger: deps.logger, retryMs: 1000, tries: 1 });
    if (outcome === 'deleted') deleted.push(group.groupId);
  }
  return deleted;
}
