import type {
  ConsoleOutput,
  Diagnosis,
  FleetList,
  InstanceDto,
  InstanceRef,
  InstanceState,
  LaunchInput,
  LaunchResolution,
  LaunchResult,
  PreflightItem,
  PreflightResult,
  ReadyOutcome,
  SshCommand,
  SweepResult,
  TerminateResult,
} from './dto/instances';

/**
 * Launch, track, extend and terminate EC2 instances of a project. Every method takes one input
 * object and resolves to a value, or throws FlotillaError (codes from errors.ts: `invalid-input`
 * with `data.preflight` when a launch's checks fail, `not-found` for an unknown instance,
 * `forbidden` when AWS refuses, `unavailable` when AWS cannot be reached).
 */
export interface InstancesApi {
  /** The live fleet (pending, running, stopping, stopped) from EC2 tags, across the selected regions. */
  list(input: { regions?: string[] }): Promise<FleetList>;
  get(input: InstanceRef): Promise<InstanceDto>;
  /**
   * What a launch would use (region, TTL, image, instance type, key pair) and where each value
   * comes from, with every problem of the input by field; checks nothing on AWS. Only `project` is
   * required, so a form can ask as it fills in.
   */
  resolveLaunch(input: Partial<LaunchInput> & { project: string }): Promise<LaunchResolution>;
  /** Every pre-flight check, item by item, without creating anything ('instances.preflight' events as they finish). */
  preflight(input: LaunchInput): Promise<PreflightResult>;
  /** Checks, then launches; the instances are tracked until ready ('instances.ready' / 'instances.failed'). */
  launch(input: LaunchInput): Promise<LaunchResult>;
  /** Resolves when each instance is ready or has failed (its deadline passed, or it stopped). */
  waitReady(input: { ids: string[]; region?: string }): Promise<ReadyOutcome[]>;
  /**
   * Moves the expiry `duration` (e.g. `4h`) past the current one (or now, if passed). A pinned
   * instance is unpinned by this (it expires `duration` from now): refused unless `confirm` is true.
   */
  extend(input: InstanceRef & { duration: string; confirm?: boolean }): Promise<InstanceDto>;
  /** Keeps it until someone terminates it; refused unless `confirm` is true. */
  pin(input: InstanceRef & { confirm: boolean }): Promise<InstanceDto>;
  /** Gives a pinned instance an expiry again, `duration` from now (default: Settings' default TTL); refused if it is not pinned. */
  unpin(input: InstanceRef & { duration?: string }): Promise<InstanceDto>;
  /** Only instances Flotilla launched (with flotilla:* tags); the others are listed in `refused`. */
  terminate(input: { ids: string[]; region?: string }): Promise<TerminateResult>;
  /** Terminates every Flotilla instance whose flotilla:expires-at has passed (the app also does this every few minutes). */
  sweep(input: Record<string, never>): Promise<SweepResult>;
  sshCommand(input: InstanceRef): Promise<SshCommand>;
  /** Runs the SSH command in a new terminal window. */
  openSsh(input: InstanceRef): Promise<SshCommand>;
  /** Opens the instance's ready-url (or its address) in the browser. */
  openUrl(input: InstanceRef): Promise<{ url: string }>;
  consoleOutput(input: InstanceRef): Promise<ConsoleOutput>;
  /** Why an instance is not ready, stage by stage, with the tail of its console output. */
  diagnose(input: InstanceRef): Promise<Diagnosis>;
}

/** Every event the Instances capability emits, with its payload. */
export interface InstancesEventMap {
  /** A pre-flight item started or finished; `items` is the whole checklist so far. */
  'instances.preflight': { launchId: string; item: PreflightItem; items: PreflightItem[] };
  /** Instances were launched, changed state or readiness, were extended or pinned (upserted), or are gone (removed). */
  'instances.changed': { upserted: InstanceDto[]; removed: Array<{ id: string; region: string }> };
  /** The instance's ready-url answered 2xx/3xx. */
  'instances.ready': { instance: InstanceDto; url: string };
  /** Not ready by its deadline, or it stopped while booting; `diagnosis` says which stage. */
  'instances.failed': { instance: InstanceDto; diagnosis: Diagnosis };
  /** Terminated by someone here (`requested`) or by the sweeper (`expired`). */
  'instances.terminated': { instances: Array<{ id: string; region: string }>; reason: 'requested' | 'expired' };
  /**
   * The live fleet as the core's sweep (at start and every few minutes) has just listed it, shaped
   * as `list` answers (what the sweep terminated left out; a region it could not list is in
   * `regions` with why). A host keeps its view current with this instead of listing again.
   */
  'instances.listed': FleetList;
}

export type InstancesEventName = keyof InstancesEventMap;

export const instancesEventNames = [
  'instances.preflight',
  'instances.changed',
  'instances.ready',
  'instances.failed',
  'instances.terminated',
  'instances.listed',
] as const satisfies readonly InstancesEventName[];

/** What a notification (or the tray) can ask for an instance. */
export type NotificationActionKind = 'open' | 'ssh' | 'extend';

/** How far Extend from a notification or the tray moves the expiry. */
export const QUICK_EXTEND_DURATION = '1h';

/**
 * The actions a notification carries: `open:<region>/<id>` and `ssh:<region>/<id>` (ready),
 * `extend:<region>/<id>` (about to expire). A host that receives one calls openUrl, openSsh or
 * extend (by QUICK_EXTEND_DURATION) with what parseNotificationAction answers.
 */
export function notificationActionId(action: NotificationActionKind, ref: { id: string; region: string }): string {
  return `${action}:${ref.region}/${ref.id}`;
}

export function parseNotificationAction(actionId: string): { action: NotificationActionKind; id: string; region: string } | null {
  const match = /^(open|ssh|extend):([a-z0-9-]+)\/(i-[0-9a-f]+)$/.exec(actionId);
  if (!match) return null;
  return { action: match[1] as NotificationActionKind, region: match[2]!, id: match[3]! };
}

/** The states of a live instance: the fleet lists these, the tray counts them, expiry warns of them. */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'] as const satisfies readonly InstanceState[];

export function isLiveState(state: InstanceState): boolean {
  return (LIVE_INSTANCE_STATES as readonly InstanceState[]).includes(state);
}
