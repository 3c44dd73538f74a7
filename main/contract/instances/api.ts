import type { ConsoleOutput, Diagnosis, FleetList, InstanceDto, InstanceRef, ReadyOutcome, ShellVia, SshCommand, SweepResult, TerminateResult } from './dto';
import type { LaunchInput, LaunchResolution, LaunchResult, PreflightResult } from './launch-dto';

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
  /**
   * The command that opens a shell on it: `via` ssh or ssm; by default ssm for an instance reached
   * only over SSM (`access` ssm), else ssh. Refused for a way the instance is not reached by.
   */
  sshCommand(input: InstanceRef & { via?: ShellVia }): Promise<SshCommand>;
  /**
   * Runs that command in a new terminal window; for ssm, refused with what to install unless the
   * AWS CLI (`aws`) and the Session Manager plugin (`session-manager-plugin`) are on PATH.
   */
  openSsh(input: InstanceRef & { via?: ShellVia }): Promise<SshCommand>;
  /** Opens the instance's ready-url (or its address) in the browser. */
  openUrl(input: InstanceRef): Promise<{ url: string }>;
  consoleOutput(input: InstanceRef): Promise<ConsoleOutput>;
  /** Why an instance is not ready, stage by stage, with the tail of its console output. */
  diagnose(input: InstanceRef): Promise<Diagnosis>;
}
