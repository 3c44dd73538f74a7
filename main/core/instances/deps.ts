import type { ProjectDetail } from '../../contract/projects/dto';
import type { AwsClientFactory } from '../aws/client-factory';
import type { PriceBook } from '../prices/price-book';
import type { Ports } from '../ports';
import type { TemplateVars } from '../projects/template';
import type { InstancesEventMap } from '../../contract/instances/events';
import type { Emit, Subscribe } from '../event-bus';
import type { Which } from '../terminal/plan';
import type { InstancesSettings } from './settings';

/** The project catalog as a launch needs it (see projects-lookup.ts for the adapter). */
export interface ProjectsLookup {
  /** The project's detail; throws FlotillaError('not-found') for an unknown id. */
  getProject(id: string): ProjectDetail | Promise<ProjectDetail>;
  /** The values of the project's env file (`projects/<id>.env`), reference texts included; {} without one. Never sent to the renderer. */
  envValues(id: string): Record<string, string> | Promise<Record<string, string>>;
  /** The user-data for these variables; throws FlotillaError('invalid-input') with problems. */
  render(id: string, vars: TemplateVars): { userData: string } | Promise<{ userData: string }>;
}

export interface RunResult {
  /** Null when it was killed (timeout) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not run at all (ENOENT) or timed out. */
  error?: 'not-found' | 'timeout' | string;
}

/** Runs a program without a shell (for `git ls-remote`). */
export interface CommandRunner {
  run(command: string, args: readonly string[], options: { timeoutMs: number; env?: Record<string, string> }): Promise<RunResult>;
}

/** The caller's public IPv4 address, e.g. from https://checkip.amazonaws.com. */
export type PublicIpLookup = () => Promise<string>;

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** The core's event bus, as far as the Instances service uses it: it sends its own events, and its expiry warner follows 'instances.changed'. */
export interface InstancesEvents {
  emit: Emit<InstancesEventMap>;
  on: Subscribe<InstancesEventMap>;
}

export interface InstancesTimings {
  /** Between readiness polls (default 5 s). */
  pollIntervalMs: number;
  /** The longest wait between polls while AWS throttles (default 60 s). */
  maxPollBackoffMs: number;
  /** Between sweeps (default 5 min). */
  sweepIntervalMs: number;
  /** Per ready-url probe (default 5 s). */
  probeTimeoutMs: number;
  /** Ready-url probes at once (default 16). */
  probeConcurrency: number;
  /** `git ls-remote` (default 10 s). */
  gitTimeoutMs: number;
  /** First retry of a security group still in use (default 15 s; doubles, 8 tries). */
  groupRetryMs: number;
}

export const DEFAULT_TIMINGS: InstancesTimings = {
  pollIntervalMs: 5_000,
  maxPollBackoffMs: 60_000,
  sweepIntervalMs: 5 * 60_000,
  probeTimeoutMs: 5_000,
  probeConcurrency: 16,
  gitTimeoutMs: 10_000,
  groupRetryMs: 15_000,
};

export interface InstancesDeps {
  clients: AwsClientFactory;
  projects: ProjectsLookup;
  settings: () => InstancesSettings;
  ports: Pick<Ports, 'clock' | 'logger' | 'notifier' | 'opener' | 'terminal'>;
  events: InstancesEvents;
  runner: CommandRunner;
  publicIp: PublicIpLookup;
  fetch: FetchLike;
  timings?: Partial<InstancesTimings>;
  /** New launch ids (default: `fl-` + 12 random hex digits). */
  newLaunchId?: () => string;
  /** 0..1 for backoff jitter (default Math.random). */
  random?: () => number;
  /** Finds programs on PATH (the AWS CLI and Session Manager plugin for a shell over SSM); default: this process's PATH. */
  which?: Which;
  /** Prices for the fleet, the launch plan and the budget cap (the core's live price book); default: the shipped table. */
  prices?: PriceBook;
}
