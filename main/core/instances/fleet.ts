import type { Instance } from '@aws-sdk/client-ec2';
import type { FleetList, InstanceDto, RegionStatus } from '../../contract/instances/dto';
import { isLiveState } from '../../contract/instances/dto';
import type { AwsClientFactory } from '../aws/client-factory';
import type { Clock } from '../ports';
import { fleetTotals, shippedPrices } from './cost';
import { awsCallError, describeInstances, fleetFilters } from './describe';
import { TAG, tagMap } from './tags';

export interface FleetDeps {
  clients: AwsClientFactory;
  clock: Clock;
  random?: () => number;
  toDto(instance: Instance, region: string): InstanceDto;
  me(): Promise<string | null>;
  /** Asks Systems Manager about the region's instances reached over SSM, before they become DTOs (ssm-status.ts); never throws. */
  refreshSsm?(region: string, instances: readonly Instance[]): Promise<void>;
}

/**
 * The team's live fleet from EC2 tags: one paginated DescribeInstances per region (in parallel),
 * filtered on tag-key flotilla:project and the live states, then one batch of SSM
 * DescribeInstanceInformation for its instances reached over SSM. A region that fails is reported
 * in `regions` with why; the others are still listed.
 */
export async function listFleet(regions: readonly string[], deps: FleetDeps): Promise<FleetList> {
  const [perRegion, me] = await Promise.all([
    Promise.all(
      [...new Set(regions)].map(async (region): Promise<{ status: RegionStatus; instances: InstanceDto[] }> => {
        try {
          const found = await describeInstances(deps.clients.ec2(region), fleetFilters(), { clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) });
          await deps.refreshSsm?.(region, found);
          return { status: { region, ok: true, count: found.length }, instances: found.map((i) => deps.toDto(i, region)) };
        } catch (error) {
          return { status: { region, ok: false, count: 0, error: awsCallError(error, `list instances in ${region}`).message }, instances: [] };
        }
      }),
    ),
    deps.me().catch(() => null),
  ]);
  return fleetOf(perRegion, me, deps.clock);
}

/**
 * A region as the sweep listed it, shown as `list` would: the instances of Flotilla projects (the
 * sweep lists every instance with an expiry tag) in a live state, less those it just terminated.
 */
export function sweptFleet(
  status: RegionStatus,
  listed: Instance[] | null,
  terminated: ReadonlySet<string>,
  toDto: (instance: Instance, region: string) => InstanceDto,
): { status: RegionStatus; instances: InstanceDto[] } {
  const instances = (listed ?? [])
    .filter((i) => tagMap(i.Tags)[TAG.project] !== undefined && !terminated.has(i.InstanceId ?? ''))
    .map((i) => toDto(i, status.region))
    .filter((i) => isLiveState(i.state));
  return { status: listed ? { ...status, count: instances.length } : status, instances };
}

/** A FleetList of what each region listed (newest launch first), with the fleet's cost. */
export function fleetOf(perRegion: ReadonlyArray<{ status: RegionStatus; instances: InstanceDto[] }>, me: string | null, clock: Clock): FleetList {
  const instances = perRegion
    .flatMap((r) => r.instances)
    .sort((a, b) => b.launchedAt.localeCompare(a.launchedAt) || a.id.localeCompare(b.id));
  return {
    instances,
    regions: perRegion.map((r) => r.status),
    me,
    totals: fleetTotals(instances),
    pricesTakenAt: shippedPrices.asOf,
    fetchedAt: clock.now().toISOString(),
  };
}
