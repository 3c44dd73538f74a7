import type { Instance } from '@aws-sdk/client-ec2';
import type { InstanceDto, SweepResult } from '../../contract/instances/dto';
import type { LaunchInput, LaunchResult } from '../../contract/instances/launch-dto';
import { FlotillaError } from '../../contract/errors';
import type { InstancesApi } from '../../contract/instances/api';
import type { InstancesEventMap } from '../../contract/instances/events';
import type { CoreService } from '../core-service';
import { createInstanceActions } from './actions';
import { DEFAULT_TIMINGS, type InstancesDeps } from './deps';
import { locateInstances } from './describe';
import { fleetOf, listFleet, sweptFleet } from './fleet';
import { toInstanceDto } from './instance-dto';
import { shippedPriceBook } from '../prices/price-book';
import { createExpiryWarner } from './expiry-warning';
import { executeLaunch } from './launch';
import { checkLaunch, newLaunchId, normalizeLaunch } from './launch-input';
import { createAnnouncer } from './notify';
import { createInterruptionNotices } from './interruption-notices';
import { runPreflight } from './preflight';
import { localReadyUrl } from './ready-url';
import { createSsmStatusCache, wantsSsmStatus } from './ssm-status';
import { sweepRegion } from './sweeper';
import { TAG, tagMap } from './tags';
import { terminateInstances } from './terminate';
import { createTracker } from './tracker';

export interface InstancesService extends CoreService<InstancesApi> {
  /** Sweeps now and every few minutes, and resumes tracking the caller's instances that are still booting. */
  start(): Promise<void>;
  /** Cancels every timer and background task (a group left behind is deleted by a later sweep). */
  close(): Promise<void>;
}

/** How long after new live prices the fleet is re-priced (several usually arrive together). */
const REPRICE_DELAY_MS = 3_000;

export function createInstancesService(deps: InstancesDeps): InstancesService {
  const timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  const { clock, logger } = deps.ports;
  const random = deps.random ?? Math.random;
  const abort = new AbortController();
  const background = new Set<Promise<unknown>>();
  const { settings } = deps;
  const prices = deps.prices ?? shippedPriceBook;
  const emit = deps.events.emit;
  const regionsFor = (region?: string) => (region ? [region] : settings().regions);
  const ctx = { clock, random };
  const announce = createAnnouncer({
    notifier: deps.ports.notifier,
    logger,
    fetch: deps.fetch,
    webhookUrl: () => settings().webhookUrl,
    notifications: () => settings().notifications,
  });
  /** The caller's ARN: only their own instances get expiry warnings. */
  let me: string | null = null;
  const mine = (list: InstanceDto[]) => (me === null ? [] : list.filter((i) => i.owner === me));
  const warner = createExpiryWarner({ clock, warn: (instance, msLeft) => announce.expiring(instance, msLeft) });
  const interruptions = createInterruptionNotices((instance) => announce.interrupted(instance));
  // Every 'instances.changed' (launch, extend, pin, terminate, readiness) reaches the expiry warner.
  const stopWatching = deps.events.on('instances.changed', ({ upserted, removed }: InstancesEventMap['instances.changed']) => {
    if (removed.length > 0) warner.forget(removed.map((r) => r.id));
    if (upserted.length > 0) warner.observe(mine(upserted));
    interruptions.observe(mine(upserted));
  });
  const inBackground = (task: Promise<unknown>) => {
    const t = task.catch((error) => logger.warn('instances: background task failed', { error: String(error) })).finally(() => background.delete(t));
    background.add(t);
  };

  const tracker = createTracker({
    clients: deps.clients,
    clock,
    logger,
    fetch: deps.fetch,
    timings,
    random,
    hooks: {
      changed: (list) => emit('instances.changed', { upserted: list.map((t) => toDto(t.instance, t.region)), removed: [] }),
      ready: (t, url) => {
        const instance = toDto(t.instance, t.region);
        emit('instances.ready', { instance, url: url ?? instance.publicDns ?? instance.publicIp ?? '' });
      },
      failed: (t, diagnosis) => emit('instances.failed', { instance: toDto(t.instance, t.region), diagnosis }),
      // One notification per launch, once all of it is ready or failed (not one per instance).
      settled: (launch) => {
        announce.settled({
          ready: launch.ready.map((r) => ({ instance: toDto(r.tracked.instance, r.tracked.region), url: r.url })),
          failed: launch.failed.map((f) => ({ instance: toDto(f.tracked.instance, f.tracked.region), diagnosis: f.diagnosis })),
        });
        // A launch reached over SSM: its agents' status now (one batch), rather than at the next fleet listing.
        const ready = launch.ready.map((r) => r.tracked).filter((t) => wantsSsmStatus(t.instance));
        if (ready.length > 0) {
          inBackground(
            ssmStatus.refresh(launch.region, ready.map((t) => t.instance)).then(() =>
              emit('instances.changed', { upserted: ready.map((t) => toDto(t.instance, t.region)), removed: [] }),
            ),
          );
        }
      },
    },
  });

  const ssmStatus = createSsmStatusCache({ ssm: (region) => deps.clients.ssm(region), logger });
  function toDto(instance: Instance, region: string): InstanceDto {
    return toInstanceDto(instance, region, { now: clock.now(), tracked: tracker.readinessOf(instance.InstanceId ?? ''), prices, ssm: ssmStatus.statusOf(instance) });
  }
  const readyDeadline = (from: Date) => from.getTime() + settings().readyTimeoutMs;
  const { actions, me: callerArn, resumeTracking } = createInstanceActions({ deps, timings, settings, regionsFor, toDto, tracker, ssmStatus });

  async function prepare(input: LaunchInput) {
    const project = await deps.projects.getProject(input.project);
    const current = settings();
    const launch = normalizeLaunch(input, project, current, clock.now(), deps.newLaunchId ?? newLaunchId, await deps.projects.envValues(input.project));
    return runPreflight(launch, {
      clients: deps.clients,
      projects: deps.projects,
      runner: deps.runner,
      publicIp: deps.publicIp,
      clock,
      logger,
      emit,
      gitTimeoutMs: timings.gitTimeoutMs,
      ingressCidr: current.ingressCidr,
      budgetCap: current.budgetCap,
      prices,
      revisionsBucket: current.revisionsBucket ?? null,
      homeRegion: current.defaultRegion,
    });
  }

  async function sweep(): Promise<SweepResult> {
    const regions = settings().regions;
    const [swept] = await Promise.all([
      Promise.all(regions.map((region) => sweepRegion(region, { ec2: (r) => deps.clients.ec2(r), clock, logger, random }))),
      callerArn().then((arn) => (me = arn), () => me),
    ]);
    await Promise.all(swept.map((s) => (s.instances ? ssmStatus.refresh(s.status.region, s.instances) : undefined)));
    for (const s of swept) {
      if (!s.instances) continue;
      const listed = mine(s.instances.map((i) => toDto(i, s.status.region)));
      warner.replaceRegion(s.status.region, listed);
      interruptions.observe(listed);
    }
    const terminated = swept.flatMap((s) => s.terminated);
    tracker.forget(terminated.map((t) => t.id));
    ssmStatus.forget(terminated.map((t) => t.id));
    if (terminated.length > 0) {
      emit('instances.terminated', { instances: terminated.map(({ id, region }) => ({ id, region })), reason: 'expired' });
      emit('instances.changed', { upserted: [], removed: terminated.map(({ id, region }) => ({ id, region })) });
      announce.terminated(terminated.map((t) => ({ ...t, name: `${t.project}/${t.branch}` })), 'expired');
    }
    // What the sweep listed is the fleet: published, so no host lists it again on a timer of its own.
    const gone = new Set(terminated.map((t) => t.id));
    emit('instances.listed', fleetOf(swept.map((s) => sweptFleet(s.status, s.instances, gone, toDto)), me, clock));
    return { checkedAt: clock.now().toISOString(), terminated, regions: swept.map((s) => s.status), securityGroupsDeleted: swept.flatMap((s) => s.groupsDeleted) };
  }

  const api: InstancesApi = {
    ...actions,
    list: async ({ regions }) => {
      const fleet = await listFleet(regions?.length ? regions : settings().regions, {
        clients: deps.clients,
        clock,
        random,
        toDto,
        me: callerArn,
        refreshSsm: ssmStatus.refresh,
      });
      me = fleet.me ?? me;
      interruptions.observe(mine(fleet.instances));
      return fleet;
    },
    resolveLaunch: async (input) =>
      checkLaunch(input, await deps.projects.getProject(input.project), settings(), () => 'fl-resolve', await deps.projects.envValues(input.project)).resolution,
    preflight: async (input) => (await prepare(input)).result,
    async launch(input): Promise<LaunchResult> {
      const { result, context } = await prepare(input);
      if (!result.ok) {
        const failed = result.items.filter((i) => i.status === 'fail');
        throw new FlotillaError('invalid-input', `Pre-flight failed, nothing was launched. ${failed.map((i) => `${i.label}: ${i.message}`).join(' ')}`, { preflight: result });
      }
      const { launch } = context;
      const launched = await executeLaunch(context, { ec2: deps.clients.ec2(launch.region), clock, logger, random });
      tracker.track(launched.instances.map((instance) => ({ instance, region: launch.region, readyUrlTemplate: launch.readyUrl, projectReadyUrl: launch.readyUrl, deadline: readyDeadline(clock.now()) })));
      const instances = launched.instances.map((i) => toDto(i, launch.region));
      emit('instances.changed', { upserted: instances, removed: [] });
      logger.info('instances: launched', { launchId: launch.launchId, ids: instances.map((i) => i.id), failures: launched.failures.length });
      return {
        launchId: launch.launchId,
        region: launch.region,
        project: launch.project.id,
        branch: launch.branch,
        requested: launch.count,
        instances,
        failures: launched.failures,
        securityGroupId: launched.securityGroupId,
        securityGroupCreated: launched.securityGroupCreated,
        preflight: result.items,
        warnings: result.items.filter((i) => i.status === 'warn').map((i) => `${i.label}: ${i.message}`),
        plan: result.plan,
        markets: launched.markets,
      };
    },
    async waitReady({ ids, region }) {
      const untracked = ids.filter((id) => !tracker.isTracking(id));
      if (untracked.length > 0) {
        const found = await locateInstances(deps.clients, regionsFor(region), untracked, ctx);
        const now = clock.now();
        const requests = await Promise.all(
          [...found.values()].map(async ({ instance, region: r }) => ({
            instance,
            region: r,
            readyUrlTemplate: tagMap(instance.Tags)[TAG.readyUrl] ?? null,
            projectReadyUrl: await localReadyUrl(deps.projects, instance),
            deadline: readyDeadline(now),
          })),
        );
        tracker.track(requests);
      }
      return tracker.waitFor(ids);
    },
    async terminate({ ids, region }) {
      const result = await terminateInstances(ids, regionsFor(region), { clients: deps.clients, clock, logger, groupRetryMs: timings.groupRetryMs, signal: abort.signal, random, background: inBackground });
      const gone = result.terminated.map(({ id, region: r }) => ({ id, region: r }));
      tracker.forget(gone.map((g) => g.id)); // terminated here: not "did not become ready"
      ssmStatus.forget(gone.map((g) => g.id));
      if (gone.length > 0) {
        emit('instances.terminated', { instances: gone, reason: 'requested' });
        emit('instances.changed', { upserted: [], removed: gone });
        announce.terminated(gone.map((g) => ({ ...g, name: '' })), 'requested');
      }
      return result;
    },
    sweep: () => sweep(),
  };

  let sweepTimer: (() => void) | null = null;
  let stopped = false;
  // New live prices reach the hosts as the fleet re-priced, a few seconds after the last one arrives.
  let repriceTimer: (() => void) | null = null;
  const stopRepricing = prices.onChange(() => {
    if (stopped) return;
    repriceTimer?.();
    repriceTimer = clock.setTimeout(() => {
      repriceTimer = null;
      inBackground(api.list({}).then((fleet) => fleet.instances.length > 0 && emit('instances.changed', { upserted: fleet.instances, removed: [] })));
    }, REPRICE_DELAY_MS);
  });
  async function sweepAndReschedule(): Promise<void> {
    sweepTimer = null;
    try {
      await sweep();
    } catch (error) {
      logger.warn('instances: sweep failed; trying again later', { error: String(error) });
    }
    if (!stopped) sweepTimer = clock.setTimeout(() => void sweepAndReschedule(), timings.sweepIntervalMs);
  }

  return {
    api,
    async start() {
      await sweepAndReschedule();
      inBackground(resumeTracking(readyDeadline));
    },
    async close() {
      stopped = true;
      sweepTimer?.();
      repriceTimer?.();
      stopRepricing();
      stopWatching();
      warner.stop();
      abort.abort();
      await tracker.stop();
      await Promise.allSettled([...background]);
      await announce.settle();
    },
  };
}
