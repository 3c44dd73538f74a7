import type { Instance } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { SsmStatus } from '../../contract/instances/dto';
import { awsErrorCode } from '../shared/aws-errors';
import type { Logger } from '../ports';
import { accessOf, stateOf } from './instance-dto';
import { TAG, tagMap } from './tags';

/**
 * DescribeInstanceInformation answers at most 50 items a page (MaxResults 5 to 50); Flotilla asks
 * for at most as many ids per call (a filter takes up to 100 values), so one page usually holds all.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_InstanceInformationStringFilter.html
 */
export const SSM_BATCH = 50;

/** Pages followed per batch at most: a NextToken that never ends is an endpoint's fault, not a reason to loop. */
const MAX_PAGES = 20;

/** PingStatus as Systems Manager spells it (Online | ConnectionLost | Inactive). */
const PING: Record<string, SsmStatus> = { Online: 'online', ConnectionLost: 'connection-lost', Inactive: 'inactive' };

/** Instances whose SSM agent is asked about: reached over SSM (`flotilla:access` ssm or both) and running. */
export function wantsSsmStatus(instance: Instance): boolean {
  return stateOf(instance) === 'running' && accessOf(tagMap(instance.Tags)[TAG.access]) !== 'ssh';
}

/**
 * The SSM agent's status of each id, from DescribeInstanceInformation filtered on InstanceIds (at
 * most SSM_BATCH a call, NextToken followed). An id Systems Manager does not list is
 * `not-registered`; one listed with a PingStatus it does not document is left out (unknown);
 * entries for ids not asked about are ignored. Errors (AccessDenied included) are thrown.
 */
export async function describeSsmStatuses(ssm: SSMClient, ids: readonly string[]): Promise<Map<string, SsmStatus | null>> {
  const wanted = [...new Set(ids)];
  const statuses = new Map<string, SsmStatus | null>(wanted.map((id) => [id, 'not-registered']));
  for (let i = 0; i < wanted.length; i += SSM_BATCH) {
    const batch = wanted.slice(i, i + SSM_BATCH);
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ssm.send(
        new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: batch }], MaxResults: SSM_BATCH, ...(token ? { NextToken: token } : {}) }),
      );
      for (const info of page.InstanceInformationList ?? []) {
        const id = info.InstanceId;
        if (!id || !batch.includes(id)) continue;
        statuses.set(id, PING[info.PingStatus ?? ''] ?? null);
      }
      token = typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined;
    } while (token && ++pages < MAX_PAGES);
  }
  return statuses;
}

/**
 * What the fleet shows for SSM: refreshed once per region per fleet poll (list, the sweep's
 * listing, get), kept between polls so the tracker's updates of an instance keep its last status.
 */
export function createSsmStatusCache(deps: { ssm(region: string): SSMClient; logger: Logger }) {
  const known = new Map<string, SsmStatus | null>();
  return {
    /**
     * Asks Systems Manager about the instances of `region` that want a status (one batch of calls).
     * A failure (e.g. AccessDenied on ssm:DescribeInstanceInformation) is logged and leaves them unknown.
     */
    async refresh(region: string, instances: readonly Instance[]): Promise<void> {
      const ids = instances.filter(wantsSsmStatus).map((i) => i.InstanceId).filter((id): id is string => Boolean(id));
      if (ids.length === 0) return;
      try {
        for (const [id, status] of await describeSsmStatuses(deps.ssm(region), ids)) known.set(id, status);
      } catch (error) {
        deps.logger.warn('instances: could not ask Systems Manager for the SSM agents’ status', { region, code: awsErrorCode(error) });
        for (const id of ids) known.set(id, null);
      }
    },
    /** The last status seen for an instance reached over SSM and running; null otherwise or when never asked. */
    statusOf(instance: Instance): SsmStatus | null {
      return wantsSsmStatus(instance) ? (known.get(instance.InstanceId ?? '') ?? null) : null;
    },
    forget(ids: readonly string[]): void {
      for (const id of ids) known.delete(id);
    },
  };
}

export type SsmStatusCache = ReturnType<typeof createSsmStatusCache>;
