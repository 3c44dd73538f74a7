/** The fleet as the instances service shows it: pure data, shared by core, UI and CLI (what a launch takes and answers is in launch-dto.ts). */

/** EC2's own instance states. */
export type InstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';

/**
 * pending → running (no public address yet) → addressed (probing the ready-url) → ready; `timed-out`: not
 * ready by the deadline (see diagnose); `stopped`: stopping, stopped or gone; `unknown`: addressed but not
 * tracked by this app and never marked ready.
 */
export type Readiness = 'pending' | 'running' | 'addressed' | 'ready' | 'timed-out' | 'stopped' | 'unknown';

/**
 * How people reach an instance (`fleeting-meta:access`, tagged `flotilla:access` at launch): `ssh` (port 22
 * and a key pair, the default), `ssm` (AWS Systems Manager: no inbound port 22, the instance profile's role
 * lets the SSM agent register) or `both`.
 */
export type AccessMode = 'ssh' | 'ssm' | 'both';
export const ACCESS_MODES: readonly AccessMode[] = ['ssh', 'ssm', 'both'];

/**
 * What a launch buys (`fleeting-meta:market`, or per launch): `on-demand` (the default), `spot` (one-time
 * Spot, terminated on interruption) or `spot-or-on-demand` (Spot, falling back per instance to on-demand
 * when EC2 refuses Spot capacity or price).
 */
export type MarketMode = 'on-demand' | 'spot' | 'spot-or-on-demand';
export const MARKET_MODES: readonly MarketMode[] = ['on-demand', 'spot', 'spot-or-on-demand'];

/**
 * The SSM agent as Systems Manager sees it (DescribeInstanceInformation PingStatus): `online`,
 * `connection-lost` (it registered, then stopped answering), `inactive` (Systems Manager says so),
 * or `not-registered` (no agent has registered for the instance yet: booting, no agent, or a role
 * without AmazonSSMManagedInstanceCore).
 */
export type SsmStatus = 'online' | 'connection-lost' | 'inactive' | 'not-registered';
export const SSM_STATUSES: readonly SsmStatus[] = ['online', 'connection-lost', 'inactive', 'not-registered'];

/** How a shell reaches an instance: `ssh` (its address, port 22) or `ssm` (an AWS Systems Manager session). */
export type ShellVia = 'ssh' | 'ssm';

/**
 * Where a price comes from: the AWS Price List Query API (on-demand), EC2's Spot price history, or the
 * table shipped with Flotilla (the offline fallback); `asOf` is the ISO date the figure was known current.
 */
export type PriceSourceKind = 'price-list' | 'spot-history' | 'shipped';

export interface PriceSource {
  source: PriceSourceKind;
  asOf: string;
}

/** Names an instance; without `region` Flotilla looks in every selected region. */
export interface InstanceRef {
  id: string;
  region?: string;
}

export interface InstanceDto {
  id: string;
  region: string;
  /** The Name tag, `<project>/<branch>`. */
  name: string;
  project: string;
  branch: string;
  gitUser: string;
  /** The ARN of the identity that launched it (STS GetCallerIdentity). */
  owner: string;
  launchId: string;
  state: InstanceState;
  readiness: Readiness;
  publicDns: string | null;
  publicIp: string | null;
  /** The project's ready-url with `localhost` replaced by the instance's address; null until it has one. */
  readyUrl: string | null;
  /** ISO 8601, like expiresAt, which is null when pinned (or the tag is missing or unreadable, see `pinned`). */
  launchedAt: string;
  expiresAt: string | null;
  pinned: boolean;
  instanceType: string;
  imageId: string;
  keyName: string | null;
  /** The instance's tags other than Name and flotilla:* (env, site, role, ...). */
  tags: Record<string, string>;
  /** The `flotilla:revision` tag: the revision it was launched with; null when none. */
  revision: string | null;
  /** The `flotilla:access` tag: how it is reached; `ssh` when the tag is missing (launched before access existed). */
  access: AccessMode;
  /** `spot` when EC2 reports the instance's lifecycle as spot (DescribeInstances InstanceLifecycle), else `on-demand`. */
  market: 'on-demand' | 'spot';
  /**
   * Approximate USD (priceSource says whence: a live on-demand or Spot price, else the shipped table):
   * per hour, since launch, and from launch to expiry; null when no price is known for the type there
   * (projected: also when pinned).
   */
  hourlyPrice: number | null;
  costSoFar: number | null;
  projectedCost: number | null;
  /** Where hourlyPrice comes from and its date; null when there is no price. */
  priceSource: PriceSource | null;
  /**
   * A Spot interruption notice: ISO 8601 of when EC2 said it will stop the instance (the `flotilla:interruption`
   * tag the expiry guard sets from the instance metadata), or of the state change when EC2 already stopped it for
   * Spot (StateReason `Server.SpotInstanceTermination`; then the time may be unknown: the empty string); null for none.
   */
  interruption: string | null;
  /**
   * The SSM agent's status for an instance reached over SSM (`access` ssm or both) that is running;
   * null when it is not reached over SSM, not running, or Systems Manager could not be asked.
   */
  ssm: SsmStatus | null;
}

export interface RegionStatus {
  region: string;
  ok: boolean;
  count: number;
  /** Why the region could not be listed, and how to fix it. */
  error?: string;
}

/** USD: per hour for what runs now, so far, and to each expiry (`unpriced`: pinned or unknown price, left out). */
export interface CostTotals {
  hourly: number;
  soFar: number;
  projected: number;
  unpriced: number;
}

export interface FleetList {
  instances: InstanceDto[];
  regions: RegionStatus[];
  me: string | null; // the caller's ARN, for "mine"; null when it could not be found
  totals: CostTotals;
  pricesTakenAt: string; // when the shipped price table's figures were taken (YYYY-MM-DD)
  fetchedAt: string;
}

export interface ReadyOutcome {
  id: string;
  region: string;
  readiness: Readiness;
  readyUrl: string | null;
  diagnosis?: Diagnosis; // when it did not become ready
}

/** `refused`: ids Flotilla would not or could not terminate, and why; `securityGroups`: the launches' own groups. */
export interface TerminateResult {
  terminated: Array<{ id: string; region: string; previousState: InstanceState }>;
  refused: Array<{ id: string; reason: string }>;
  /** `scheduled`: deleted once its instances have shut down; `kept`: other instances of the launch still use it. */
  securityGroups: Array<{ id: string; region: string; status: 'scheduled' | 'kept' }>;
}

export interface SweepResult {
  checkedAt: string;
  terminated: Array<{ id: string; region: string; project: string; branch: string; expiresAt: string }>;
  regions: RegionStatus[];
  securityGroupsDeleted: string[];
}

/**
 * A shell on an instance: `ssh ... user@host`, or for SSM `aws ssm start-session --target <id>
 * --region <region>` (then `host` is the instance id, `user` empty and `keyFile` null).
 */
export interface SshCommand {
  command: 'ssh' | 'aws';
  /** Arguments as an array, never a shell string; `text` is the same quoted for a POSIX shell, to copy. */
  args: string[];
  text: string;
  user: string;
  host: string;
  keyFile: string | null;
}

/** `output` is decoded; empty until the instance has written some (it can take minutes). */
export interface ConsoleOutput {
  id: string;
  region: string;
  output: string;
  timestamp: string | null;
}

export interface DiagnosisStage {
  stage: 'state' | 'status-checks' | 'address' | 'ready-url';
  status: 'pass' | 'fail' | 'pending' | 'unknown';
  message: string;
}

export interface Diagnosis {
  id: string;
  region: string;
  /** One line: the first stage that is not passing, and what to look at. */
  summary: string;
  stages: DiagnosisStage[];
  /** The last lines of the console output, decoded; null when EC2 has none yet. */
  consoleTail: string | null;
}

/** Criteria for filterInstances (main/contract/fleet-filter.ts); every one given must match. */
export interface InstanceFilter {
  project?: string;
  branch?: string;
  /** An owner ARN, or `mine` for the caller's. */
  owner?: string;
  state?: InstanceState | InstanceState[];
  env?: string;
  site?: string;
  region?: string;
  /** Words that must each appear in id, project, branch, user, owner, address, type, region or a tag. */
  text?: string;
}

/** The states of a live instance: the fleet lists these, the tray counts them, expiry warns of them. */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'] as const satisfies readonly InstanceState[];

export function isLiveState(state: InstanceState): boolean {
  return (LIVE_INSTANCE_STATES as readonly InstanceState[]).includes(state);
}
