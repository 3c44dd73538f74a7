import { CreateTagsCommand, type Filter, type Instance } from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import type { Diagnosis, Readiness, ReadyOutcome } from '../../contract/dto/instances';
import type { AwsClientFactory } from '../aws/client-factory';
import { awsErrorCode, isThrottling } from '../shared/aws-errors';
import { backoffDelay } from '../shared/retry-policy';
import type { Clock, Logger } from '../ports';
import type { FetchLike, InstancesTimings } from './deps';
import { describeInstances } from './describe';
import { buildDiagnosis, consoleOutput, statusChecks } from './diagnose';
import { stateOf } from './instance-dto';
import { probeReadyUrl, publicHost, readyUrlFor, type ProbeResult } from './ready-url';
import { createReadyWaiters } from './ready-waiters';
import { formatExpiry, parseExpiry, TAG } from './tags';

export interface TrackRequest {
  instance: Instance;
  region: string;
  /** The project's ready-url (with `localhost`), or the instance's `flotilla:ready-url` tag. */
  readyUrlTemplate: string | null;
  /** The local project file's ready-url: the only one whose host is probed as written (see readyUrlFor). */
  projectReadyUrl?: string | null;
  /** When it must be ready by (epoch ms). */
  deadline: number;
}

export interface Tracked {
  id: string;
  region: string;
  launchId: string;
  readyUrlTemplate: string | null;
  projectReadyUrl: string | null;
  deadline: number;
  trackedSince: number;
  instance: Instance;
  readiness: Readiness;
  lastProbe: ProbeResult | null;
}

/** How every tracked instance of one launch ended: told once, when the last of them is ready or has failed. */
export interface SettledLaunch {
  launchId: string;
  region: string;
  ready: Array<{ tracked: Tracked; url: string | null }>;
  failed: Array<{ tracked: Tracked; diagnosis: Diagnosis }>;
  /** Terminated on purpose while booting (by someone, or because it expired): neither ready nor a failure. */
  ended: Tracked[];
}

export interface TrackerHooks {
  /** Instances whose state, address or readiness changed this cycle. */
  changed(tracked: Tracked[]): void;
  ready(tracked: Tracked, url: string | null): void;
  failed(tracked: Tracked, diagnosis: Diagnosis): void;
  /** Once per launch (so 20 instances give one notification, not 20). */
  settled(launch: SettledLaunch): void;
}

export interface TrackerDeps {
  clients: AwsClientFactory;
  clock: Clock;
  logger: Logger;
  fetch: FetchLike;
  timings: InstancesTimings;
  random: () => number;
  hooks: TrackerHooks;
}

/** Beyond this many launches, one region's poll filters on the tag key instead of the launch ids. */
const MAX_FILTER_VALUES = 100;
/** An instance EC2 does not list yet (eventual consistency) is only given up after this. */
const MISSING_GRACE_MS = 120_000;

/**
 * Terminated on purpose rather than failed: someone terminated it through the API, or its
 * flotilla:expires-at had passed (its own expiry guard or the sweeper ended it).
 */
function endedOnPurpose(instance: Instance, now: number): boolean {
  const state = stateOf(instance);
  if (state !== 'terminated' && state !== 'shutting-down') return false;
  if (instance.StateReason?.Code === 'Client.UserInitiatedShutdown') return true;
  const expiry = parseExpiry(instance.Tags?.find((t) => t.Key === TAG.expiresAt)?.Value);
  return expiry.kind === 'at' && expiry.at.getTime() <= now;
}

/**
 * Follows launched instances until their ready-url answers: ONE DescribeInstances per region per
 * cycle (paginated), probes with bounded concurrency and timeouts, backs off while AWS throttles,
 * and reports failures with a diagnosis once the deadline passes. Timers run on the Clock.
 */
export function createTracker(deps: TrackerDeps) {
  const tracked = new Map<string, Tracked>();
  const outcomes = createReadyWaiters();
  /** Outcomes so far of each launch that still has instances tracked. */
  const launches = new Map<string, SettledLaunch>();
  const launchKey = (entry: Tracked) => entry.launchId || entry.id;
  const probeLimit = pLimit(deps.timings.probeConcurrency);
  let cancelTimer: (() => void) | null = null;
  let cycle: Promise<void> | null = null;
  let throttledCycles = 0;
  let stopped = false;

  function schedule(delay: number): void {
    if (stopped || cancelTimer || tracked.size === 0) return;
    cancelTimer = deps.clock.setTimeout(() => {
      cancelTimer = null;
      void pollNow();
    }, delay);
  }

  function finish(entry: Tracked, outcome: ReadyOutcome): void {
    tracked.delete(entry.id);
    outcomes.settle(outcome);
    const k = launchKey(entry);
    const launch = launches.get(k) ?? { launchId: entry.launchId, region: entry.region, ready: [], failed: [], ended: [] };
    launches.set(k, launch);
    if (outcome.readiness === 'ready') launch.ready.push({ tracked: entry, url: outcome.readyUrl });
    else if (outcome.diagnosis) launch.failed.push({ tracked: entry, diagnosis: outcome.diagnosis });
    else launch.ended.push(entry);
  }

  /** Reports each launch none of whose instances is tracked any more. */
  function settleLaunches(): void {
    const open = new Set([...tracked.values()].map(launchKey));
    for (const [k, launch] of [...launches]) {
      if (open.has(k)) continue;
      launches.delete(k);
      try {
        deps.hooks.settled(launch);
      } catch (error) {
        deps.logger.warn('instances: reporting a settled launch failed', { error: String(error) });
      }
    }
  }

  /** Still tracked as this very entry (not forgotten, e.g. terminated, while the cycle ran). */
  const current = (entry: Tracked) => tracked.get(entry.id) === entry;

  function filtersFor(entries: Tracked[]): Filter[] {
    const launches = [...new Set(entries.map((e) => e.launchId))];
    if (launches.length <= MAX_FILTER_VALUES && launches.every(Boolean)) return [{ Name: `tag:${TAG.launchId}`, Values: launches }];
    return [
      { Name: 'tag-key', Values: [TAG.launchId] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
    ];
  }

  async function pollRegion(region: string, entries: Tracked[]): Promise<{ changed: Tracked[]; throttled: boolean }> {
    const changed: Tracked[] = [];
    let seen: Instance[];
    try {
      seen = await describeInstances(deps.clients.ec2(region), filtersFor(entries), { clock: deps.clock, retries: 0 });
    } catch (error) {
      if (isThrottling(error)) return { changed, throttled: true };
      deps.logger.warn('instances: readiness poll failed; trying again next cycle', { region, code: awsErrorCode(error) });
      return { changed, throttled: false };
    }
    const byId = new Map(seen.map((i) => [i.InstanceId, i]));
    const now = deps.clock.now().getTime();
    const toProbe: Tracked[] = [];
    const ready: Tracked[] = [];
    const timedOut: Tracked[] = [];
    const ended: Tracked[] = [];
    for (const entry of entries) {
      const instance = byId.get(entry.id);
      const before = `${entry.readiness}|${stateOf(entry.instance)}|${publicHost(entry.instance)}`;
      if (!instance) {
        if (now - entry.trackedSince > MISSING_GRACE_MS) {
          entry.instance = { ...entry.instance, State: { Name: 'terminated', Code: 48 } };
          entry.readiness = 'stopped';
        }
      } else {
        entry.instance = instance;
        const state = stateOf(instance);
        entry.readiness = state === 'pending' ? 'pending' : state !== 'running' ? 'stopped' : publicHost(instance) ? 'addressed' : 'running';
      }
      if (`${entry.readiness}|${stateOf(entry.instance)}|${publicHost(entry.instance)}` !== before) changed.push(entry);
      if (entry.readiness === 'stopped' && endedOnPurpose(entry.instance, now)) ended.push(entry);
      else if (entry.readiness === 'addressed') toProbe.push(entry);
      else if (entry.readiness !== 'stopped' && now >= entry.deadline) timedOut.push(entry);
    }
    await Promise.all(
      toProbe.map((entry) =>
        probeLimit(async () => {
          const url = readyUrlFor(entry.readyUrlTemplate, publicHost(entry.instance), entry.projectReadyUrl);
          if (url === null) {
            // No ready-url to check: an address is as ready as it gets.
            ready.push(entry);
            return;
          }
          entry.lastProbe = await probeReadyUrl(deps.fetch, url, deps.timings.probeTimeoutMs, () => deps.clock.now());
          if (entry.lastProbe.ok) ready.push(entry);
          else if (deps.clock.now().getTime() >= entry.deadline) timedOut.push(entry);
        }),
      ),
    );
    for (const entry of ended) if (current(entry)) finish(entry, { id: entry.id, region, readiness: 'stopped', readyUrl: null });
    for (const entry of ready.filter(current)) {
      entry.readiness = 'ready';
      if (!changed.includes(entry)) changed.push(entry);
    }
    if (ready.length > 0) await markReady(region, ready);
    for (const entry of ready.filter(current)) {
      const url = readyUrlFor(entry.readyUrlTemplate, publicHost(entry.instance), entry.projectReadyUrl);
      deps.hooks.ready(entry, url);
      finish(entry, { id: entry.id, region, readiness: 'ready', readyUrl: url });
    }
    const gone = entries.filter((e) => e.readiness === 'stopped' && !ended.includes(e));
    await fail(region, [...gone, ...timedOut].filter(current));
    return { changed, throttled: false };
  }

  /** Tags ready instances flotilla:ready-at (one CreateTags per region), so teammates see them ready. */
  async function markReady(region: string, ready: Tracked[]): Promise<void> {
    try {
      await deps.clients.ec2(region).send(
        new CreateTagsCommand({ Resources: ready.map((e) => e.id), Tags: [{ Key: TAG.readyAt, Value: formatExpiry(deps.clock.now()) }] }),
      );
    } catch (error) {
      deps.logger.warn('instances: could not tag ready instances', { region, code: awsErrorCode(error) });
    }
  }

  async function fail(region: string, failing: Tracked[]): Promise<void> {
    if (failing.length === 0) return;
    const ec2 = deps.clients.ec2(region);
    const ctx = { clock: deps.clock };
    const running = failing.filter((e) => stateOf(e.instance) !== 'terminated').map((e) => e.id);
    const statuses = await statusChecks(ec2, running, ctx).catch(() => new Map());
    for (const entry of failing) {
      const text = await consoleOutput(ec2, entry.id, region, ctx).then((c) => c.output, () => null);
      if (!current(entry)) continue; // terminated here while its console was read
      if (entry.readiness !== 'stopped') entry.readiness = 'timed-out';
      const url = readyUrlFor(entry.readyUrlTemplate, publicHost(entry.instance), entry.projectReadyUrl);
      const diagnosis = buildDiagnosis({ instance: entry.instance, region, status: statuses.get(entry.id) ?? null, readyUrl: url, lastProbe: entry.lastProbe, console: text });
      deps.hooks.failed(entry, diagnosis);
      finish(entry, { id: entry.id, region, readiness: entry.readiness, readyUrl: url, diagnosis });
    }
  }

  /** One cycle now (timers call this; tests and benchmarks may too). */
  function pollNow(): Promise<void> {
    if (cycle) return cycle;
    cycle = (async () => {
      const byRegion = new Map<string, Tracked[]>();
      for (const entry of tracked.values()) byRegion.set(entry.region, [...(byRegion.get(entry.region) ?? []), entry]);
      const results = await Promise.all([...byRegion].map(([region, entries]) => pollRegion(region, entries)));
      const changed = results.flatMap((r) => r.changed);
      if (changed.length > 0) deps.hooks.changed(changed);
      settleLaunches();
      throttledCycles = results.some((r) => r.throttled) ? throttledCycles + 1 : 0;
    })()
      .catch((error) => deps.logger.error('instances: readiness cycle failed', { error: String(error) }))
      .finally(() => {
        cycle = null;
        const delay = throttledCycles > 0
          ? backoffDelay(throttledCycles, deps.timings.pollIntervalMs, deps.timings.maxPollBackoffMs, deps.random)
          : deps.timings.pollIntervalMs;
        schedule(delay);
      });
    return cycle;
  }

  return {
    track(requests: TrackRequest[]): void {
      const now = deps.clock.now().getTime();
      for (const request of requests) {
        const id = request.instance.InstanceId;
        if (!id || tracked.has(id)) continue;
        outcomes.forget(id);
        const state = stateOf(request.instance);
        tracked.set(id, {
          id,
          region: request.region,
          launchId: request.instance.Tags?.find((t) => t.Key === TAG.launchId)?.Value ?? '',
          readyUrlTemplate: request.readyUrlTemplate,
          projectReadyUrl: request.projectReadyUrl ?? null,
          deadline: request.deadline,
          trackedSince: now,
          instance: request.instance,
          readiness: state === 'pending' ? 'pending' : state === 'running' ? 'running' : 'stopped',
          lastProbe: null,
        });
      }
      schedule(0);
    },
    /**
     * Stops tracking instances terminated here (Terminate, or the sweeper): their waiters get
     * `stopped` without a diagnosis, and no failure is reported for them.
     */
    forget(ids: readonly string[]): void {
      for (const id of ids) {
        const entry = tracked.get(id);
        if (entry) finish(entry, { id, region: entry.region, readiness: 'stopped', readyUrl: null });
      }
      settleLaunches();
    },
    readinessOf: (id: string): Readiness | undefined => tracked.get(id)?.readiness ?? outcomes.get(id)?.readiness,
    lastProbeOf: (id: string): ProbeResult | null => tracked.get(id)?.lastProbe ?? null,
    isTracking: (id: string) => tracked.has(id),
    /** Resolves once every id is ready or failed (ids neither tracked nor finished count as `unknown`). */
    waitFor: (ids: string[]): Promise<ReadyOutcome[]> => outcomes.wait(ids, (id) => tracked.has(id)),
    pollNow,
    size: () => tracked.size,
    async stop(): Promise<void> {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      await cycle;
    },
  };
}

export type Tracker = ReturnType<typeof createTracker>;
