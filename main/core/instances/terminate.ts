import type { Instance } from '@aws-sdk/client-ec2';
import type { InstanceState, TerminateResult } from '../../contract/instances/dto';
import type { AwsClientFactory } from '../aws/client-factory';
import type { Clock, Logger } from '../ports';
import { awsCallError, describeInstances, LIVE_STATES, locateInstances } from './describe';
import { stateOf } from './instance-dto';
import { deleteGroupWhenFree } from './security-group';
import { terminateIds } from './sweeper';
import { isFlotillaTagged, TAG, tagMap } from './tags';

export interface TerminateDeps {
  clients: AwsClientFactory;
  clock: Clock;
  logger: Logger;
  groupRetryMs: number;
  signal: AbortSignal;
  random?: () => number;
  /** Background work (group deletion) the service may wait for. */
  background(task: Promise<unknown>): void;
}

const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * Terminates the Flotilla instances among `ids` (refusing untagged, unknown and already gone ones),
 * then, for each launch whose own group has no live instance left, deletes that group once it is
 * free (in the background: EC2 keeps it in use until the instances have shut down).
 */
export async function terminateInstances(ids: string[], regions: string[], deps: TerminateDeps): Promise<TerminateResult> {
  const result: TerminateResult = { terminated: [], refused: [], securityGroups: [] };
  const wanted = [...new Set(ids)];
  for (const id of wanted.filter((i) => !INSTANCE_ID.test(i))) result.refused.push({ id, reason: `'${id}' is not an instance id (i- followed by 8 or 17 hex digits)` });
  const valid = wanted.filter((i) => INSTANCE_ID.test(i));
  const located = valid.length ? await locateInstances(deps.clients, regions, valid, { clock: deps.clock }) : new Map();
  const byRegion = new Map<string, Instance[]>();
  for (const id of valid) {
    const found = located.get(id);
    if (!found) {
      result.refused.push({ id, reason: `no instance ${id} in ${regions.join(', ')}` });
      continue;
    }
    const tags = tagMap(found.instance.Tags);
    const state = stateOf(found.instance);
    if (!isFlotillaTagged(tags)) result.refused.push({ id, reason: `${id} was not launched by Flotilla (no ${TAG.project}/${TAG.launchId} tags); Flotilla only terminates its own instances` });
    else if (state === 'terminated' || state === 'shutting-down') result.refused.push({ id, reason: `${id} is already ${state}` });
    else byRegion.set(found.region, [...(byRegion.get(found.region) ?? []), found.instance]);
  }
  for (const [region, instances] of byRegion) {
    const ec2 = deps.clients.ec2(region);
    let previous: Map<string, string>;
    try {
      previous = await terminateIds(ec2, instances.map((i) => i.InstanceId!), deps.clock);
    } catch (error) {
      const reason = awsCallError(error, `terminate instances in ${region}`).message;
      for (const instance of instances) result.refused.push({ id: instance.InstanceId!, reason });
      continue;
    }
    for (const instance of instances) {
      if (previous.has(instance.InstanceId!)) {
        result.terminated.push({ id: instance.InstanceId!, region, previousState: previous.get(instance.InstanceId!) as InstanceState });
      }
    }
    result.securityGroups.push(...(await releaseGroups(region, instances, deps)));
  }
  return result;
}

/** Launch groups whose last live instance was among `gone`: deletion scheduled; others kept. */
export async function releaseGroups(region: string, gone: Instance[], deps: TerminateDeps): Promise<TerminateResult['securityGroups']> {
  const ec2 = deps.clients.ec2(region);
  const goneIds = new Set(gone.map((i) => i.InstanceId));
  const groups = new Map<string, string>();
  for (const instance of gone) {
    const tags = tagMap(instance.Tags);
    if (tags[TAG.securityGroup] && tags[TAG.launchId]) groups.set(tags[TAG.securityGroup]!, tags[TAG.launchId]!);
  }
  const out: TerminateResult['securityGroups'] = [];
  for (const [groupId, launchId] of groups) {
    let others: Instance[];
    try {
      others = await describeInstances(ec2, [{ Name: `tag:${TAG.launchId}`, Values: [launchId] }, { Name: 'instance-state-name', Values: LIVE_STATES }], { clock: deps.clock });
    } catch {
      out.push({ id: groupId, region, status: 'kept' });
      continue;
    }
    if (others.some((i) => !goneIds.has(i.InstanceId))) {
      out.push({ id: groupId, region, status: 'kept' });
      continue;
    }
    out.push({ id: groupId, region, status: 'scheduled' });
    deps.background(
      deleteGroupWhenFree(ec2, groupId, { clock: deps.clock, logger: deps.logger, retryMs: deps.groupRetryMs, signal: deps.signal, ...(deps.random ? { random: deps.random } : {}) }),
    );
  }
  return out;
}
