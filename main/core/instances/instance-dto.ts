import type { Instance } from '@aws-sdk/client-ec2';
import { ACCESS_MODES, type AccessMode, type InstanceDto, type InstanceState, type Readiness, type SsmStatus } from '../../contract/instances/dto';
import { costBetween, hourlyPrice, type PriceTable, shippedPrices } from './cost';
import { publicHost, readyUrlFor } from './ready-url';
import { parseExpiry, TAG, tagMap, userTags } from './tags';

export interface DtoContext {
  now: Date;
  /** The tracker's view of this instance, when it tracks it. */
  tracked?: Readiness | undefined;
  /**
   * The local project file's ready-url: used when the instance has no flotilla:ready-url tag, and
   * the only ready-url whose host is kept as written (a tag's host never is).
   */
  projectReadyUrl?: string | null | undefined;
  prices?: PriceTable;
  /** The SSM agent's last known status (ssm-status.ts); null or missing: not reached over SSM, or not known. */
  ssm?: SsmStatus | null | undefined;
}

const STATES: readonly InstanceState[] = ['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'];

export function stateOf(instance: Instance): InstanceState {
  const name = instance.State?.Name as InstanceState | undefined;
  return name && STATES.includes(name) ? name : 'pending';
}

/** Readiness from what EC2 says, refined by the tracker when it follows the instance. */
export function readinessOf(instance: Instance, tracked?: Readiness): Readiness {
  const state = stateOf(instance);
  if (state === 'pending') return 'pending';
  if (state !== 'running') return 'stopped';
  if (tracked && tracked !== 'pending') return tracked;
  if (tagMap(instance.Tags)[TAG.readyAt]) return 'ready';
  if (!publicHost(instance)) return 'running';
  return 'unknown';
}

/** `User initiated (2025-06-01 12:00:00 GMT)` → that date, for the cost of a stopped instance. */
function stoppedAt(instance: Instance): Date | null {
  const match = /\((\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) GMT\)/.exec(instance.StateTransitionReason ?? '');
  return match ? new Date(`${match[1]!.replace(' ', 'T')}Z`) : null;
}

export function toInstanceDto(instance: Instance, region: string, ctx: DtoContext): InstanceDto {
  const tags = tagMap(instance.Tags);
  const state = stateOf(instance);
  const launchedAt = instance.LaunchTime ? new Date(instance.LaunchTime) : ctx.now;
  const expiry = parseExpiry(tags[TAG.expiresAt]);
  const instanceType = instance.InstanceType ?? '';
  const hourly = hourlyPrice(instanceType, region, ctx.prices ?? shippedPrices);
  const until = state === 'running' || state === 'pending' ? ctx.now : state === 'stopped' || state === 'stopping' ? stoppedAt(instance) : null;
  const expiresAt = expiry.kind === 'at' ? expiry.at : null;
  return {
    id: instance.InstanceId ?? '',
    region,
    name: tags.Name ?? '',
    project: tags[TAG.project] ?? '',
    branch: tags[TAG.branch] ?? '',
    gitUser: tags[TAG.gitUser] ?? '',
    owner: tags[TAG.owner] ?? '',
    launchId: tags[TAG.launchId] ?? '',
    state,
    readiness: readinessOf(instance, ctx.tracked),
    publicDns: instance.PublicDnsName || null,
    publicIp: instance.PublicIpAddress || null,
    readyUrl: readyUrlFor(tags[TAG.readyUrl] ?? ctx.projectReadyUrl, publicHost(instance), ctx.projectReadyUrl),
    launchedAt: launchedAt.toISOString(),
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    pinned: expiry.kind === 'pinned',
    instanceType,
    imageId: instance.ImageId ?? '',
    keyName: instance.KeyName ?? null,
    tags: userTags(tags),
    revision: tags[TAG.revision] || null,
    access: accessOf(tags[TAG.access]),
    market: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    hourlyPrice: hourly,
    costSoFar: hourly !== null && until ? round4(costBetween(hourly, launchedAt, until)) : null,
    projectedCost: hourly !== null && expiresAt ? round4(costBetween(hourly, launchedAt, expiresAt)) : null,
    ssm: ctx.ssm ?? null,
  };
}

/** A hostile or unknown flotilla:access tag reads as the default, ssh. */
export function accessOf(tag: string | undefined): AccessMode {
  return (ACCESS_MODES as readonly string[]).includes(tag ?? '') ? (tag as AccessMode) : 'ssh';
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
