import type { Instance } from '@aws-sdk/client-ec2';
import { ACCESS_MODES, type AccessMode, type InstanceDto, type InstanceState, type Readiness, type SsmStatus } from '../../contract/instances/dto';
import { shippedPriceBook, zoneOf, type PriceBook } from '../prices/price-book';
import { costBetween } from './cost';
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
  /** Where prices come from (the core's live price book); default: the shipped table. */
  prices?: Pick<PriceBook, 'quote'>;
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

/** `User initiated (2025-06-01 12:00:00 GMT)` → that date: when a stopped instance stopped (its cost), or Spot stopped it. */
function transitionedAt(instance: Instance): Date | null {
  const match = /\((\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) GMT\)/.exec(instance.StateTransitionReason ?? '');
  const at = match ? new Date(`${match[1]!.replace(' ', 'T')}Z`) : null;
  return at && Number.isFinite(at.getTime()) ? at : null;
}

export function toInstanceDto(instance: Instance, region: string, ctx: DtoContext): InstanceDto {
  const tags = tagMap(instance.Tags);
  const state = stateOf(instance);
  const launchedAt = instance.LaunchTime ? new Date(instance.LaunchTime) : ctx.now;
  const expiry = parseExpiry(tags[TAG.expiresAt]);
  const instanceType = instance.InstanceType ?? '';
  const market = instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand';
  const quote = (ctx.prices ?? shippedPriceBook).quote({ instanceType, region, market, availabilityZone: zoneOf(instance.Placement?.AvailabilityZone) });
  const hourly = quote?.usdPerHour ?? null;
  const until = state === 'running' || state === 'pending' ? ctx.now : state === 'stopped' || state === 'stopping' ? transitionedAt(instance) : null;
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
    market,
    hourlyPrice: hourly,
    costSoFar: hourly !== null && until ? round4(costBetween(hourly, launchedAt, until)) : null,
    projectedCost: hourly !== null && expiresAt ? round4(costBetween(hourly, launchedAt, expiresAt)) : null,
    priceSource: quote?.source ?? null,
    interruption: interruptionOf(instance, tags[TAG.interruption]),
    ssm: ctx.ssm ?? null,
  };
}

/** `2025-06-01T12:00:00Z` (EC2's instance-action time, as the guard tags it), at most to the millisecond. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z$/;
const DAY_MS = 86_400_000;
/** StateReason codes of an instance Spot stopped or terminated (API_StateReason). */
const SPOT_REASONS = new Set(['Server.SpotInstanceTermination', 'Server.SpotInstanceShutdown']);

/**
 * A Spot instance's interruption notice, or null: its `flotilla:interruption` tag (the guard's, from IMDS
 * spot/instance-action) when it is a well-formed ISO time within a year of launch (anyone with CreateTags
 * can write a tag: anything else is ignored), else EC2's StateReason when Spot stopped it (the time of that
 * transition if EC2 names it, else ''). On-demand instances never have one.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StateReason.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
 */
export function interruptionOf(instance: Instance, tag: string | undefined): string | null {
  if (instance.InstanceLifecycle !== 'spot') return null;
  const tagged = tag?.trim() ?? '';
  const at = ISO_TIME.test(tagged) ? Date.parse(tagged) : NaN;
  const launched = instance.LaunchTime ? new Date(instance.LaunchTime).getTime() : NaN;
  if (Number.isFinite(at) && (Number.isNaN(launched) || (at >= launched - DAY_MS && at <= launched + 366 * DAY_MS))) return new Date(at).toISOString();
  if (!SPOT_REASONS.has(instance.StateReason?.Code ?? '')) return null;
  return transitionedAt(instance)?.toISOString() ?? '';
}

/** A hostile or unknown flotilla:access tag reads as the default, ssh. */
export function accessOf(tag: string | undefined): AccessMode {
  return (ACCESS_MODES as readonly string[]).includes(tag ?? '') ? (tag as AccessMode) : 'ssh';
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
