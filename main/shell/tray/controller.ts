import type { FleetList, InstanceDto } from '../../contract/instances/dto';
import type { EventSource } from '../../contract/events';
import { isLiveState } from '../../contract/instances/dto';
import { QUICK_EXTEND_DURATION } from '../../contract/instances/notification-actions';
import { type InstancesApi } from '../../contract/instances/api';
import type { Clock, Logger } from '../../core/ports';
import { buildTrayMenu, trayTitle, trayTooltip, type TrayInstanceAction, type TrayMenuItem, type TrayView } from './menu';

/** What the controller draws on: the tray icon's tooltip, title (macOS) and menu. */
export interface TraySurface {
  setToolTip(text: string): void;
  setTitle(text: string): void;
  setMenu(items: TrayMenuItem[]): void;
}

export interface TrayControllerDeps {
  surface: TraySurface;
  instances: Pick<InstancesApi, 'list' | 'openUrl' | 'openSsh' | 'extend' | 'terminate'>;
  events: EventSource;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** Asks before terminating; true to go ahead. */
  confirmTerminate(instance: InstanceDto): Promise<boolean>;
  showWindow(): void;
  quit(): void;
  onError(title: string, error: unknown): void;
  /** Told after each redraw (the end-to-end test hook reads it). */
  onRender?(info: { tooltip: string; title: string; menu: TrayMenuItem[] }): void;
  /** At most one redraw per this (default 1 s): events come in bursts. */
  throttleMs?: number;
  /** Redraws this often so "expires in" stays right (default 1 min). */
  tickMs?: number;
}

const isLive = (i: InstanceDto) => isLiveState(i.state);
const VERBS: Record<TrayInstanceAction, string> = { open: 'open', ssh: 'open an SSH terminal to', extend: 'extend', terminate: 'terminate' };

/**
 * The tray's view of the caller's instances: listed once at start (the core's first sweep may end
 * before the tray is there), then taken from what the core's sweep lists every few minutes
 * ('instances.listed', which also brings what other machines changed) and kept current from the
 * core's instance events in between; redrawn at most once per `throttleMs`. It never lists on a
 * timer of its own.
 */
export function createTrayController(deps: TrayControllerDeps) {
  const { clock } = deps;
  const throttleMs = deps.throttleMs ?? 1_000;
  const mine = new Map<string, InstanceDto>();
  let me: string | null = null;
  let loaded = false;
  let error: string | null = null;
  let lastRender = -Infinity;
  let renderTimer: (() => void) | null = null;
  let tickTimer: (() => void) | null = null;
  /** Changes seen while the first listing is in flight, applied again on top of it. */
  let duringRefresh: Array<() => void> | null = null;
  let stopped = false;

  const view = (): TrayView => ({ instances: loaded ? [...mine.values()] : null, error });

  function render(throttled = true): void {
    if (stopped) return;
    if (throttled) lastRender = clock.now().getTime();
    const current = view();
    const tooltip = trayTooltip(current);
    const title = trayTitle(current);
    const menu = buildTrayMenu(current, clock.now(), { instance: (action, i) => void run(action, i), showWindow: deps.showWindow, quit: deps.quit });
    deps.surface.setToolTip(tooltip);
    deps.surface.setTitle(title);
    deps.surface.setMenu(menu);
    deps.onRender?.({ tooltip, title, menu });
  }

  function scheduleRender(): void {
    if (renderTimer || stopped) return;
    const wait = Math.max(0, lastRender + throttleMs - clock.now().getTime());
    renderTimer = clock.setTimeout(() => {
      renderTimer = null;
      render();
    }, wait);
  }

  function apply(upserted: InstanceDto[], removed: string[]): void {
    const change = () => {
      for (const id of removed) mine.delete(id);
      for (const i of upserted) {
        if (me === null || i.owner !== me) continue;
        if (isLive(i)) mine.set(i.id, i);
        else mine.delete(i.id);
      }
    };
    change();
    duringRefresh?.push(change);
    scheduleRender();
  }

  /** The whole fleet as listed: what is mine replaces the view. */
  function adopt(fleet: FleetList): void {
    me = fleet.me;
    mine.clear();
    for (const i of fleet.instances) if (me !== null && i.owner === me && isLive(i)) mine.set(i.id, i);
    loaded = true;
    const failed = fleet.regions.find((r) => !r.ok);
    error = me === null ? 'could not tell which instances are yours (check your AWS credentials in Settings)' : failed ? (failed.error ?? `${failed.region} could not be listed`) : null;
  }

  /** The core's sweep listed the fleet (applied again on top of a listing of ours still in flight). */
  function listed(fleet: FleetList): void {
    const change = () => adopt(fleet);
    change();
    duringRefresh?.push(change);
    scheduleRender();
  }

  async function refresh(): Promise<void> {
    const changes: Array<() => void> = [];
    duringRefresh = changes;
    try {
      adopt(await deps.instances.list({}));
      for (const change of changes) change();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      deps.logger.warn('tray: could not list instances', { error });
      for (const change of changes) change(); // the sweep's listing, if one came meanwhile, still holds
    } finally {
      if (duringRefresh === changes) duringRefresh = null;
    }
    scheduleRender();
  }

  async function run(action: TrayInstanceAction, instance: InstanceDto): Promise<void> {
    const ref = { id: instance.id, region: instance.region };
    try {
      if (action === 'open') await deps.instances.openUrl(ref);
      else if (action === 'ssh') await deps.instances.openSsh(ref);
      else if (action === 'extend') await deps.instances.extend({ ...ref, duration: QUICK_EXTEND_DURATION });
      else {
        if (!(await deps.confirmTerminate(instance))) return;
        const result = await deps.instances.terminate({ ids: [instance.id], region: instance.region });
        if (result.refused.length > 0) throw new Error(result.refused.map((r) => r.reason).join('; '));
      }
    } catch (e) {
      deps.onError(`Could not ${VERBS[action]} ${instance.name || instance.id}`, e);
    }
  }

  const every = (ms: number, task: () => void, set: (cancel: (() => void) | null) => void) => {
    const arm = () => set(stopped ? null : clock.setTimeout(() => (task(), arm()), ms));
    arm();
  };

  const unsubscribes = [
    deps.events.on('instances.changed', ({ upserted, removed }) => apply(upserted, removed.map((r) => r.id))),
    deps.events.on('instances.ready', ({ instance }) => apply([instance], [])),
    deps.events.on('instances.failed', ({ instance }) => apply([instance], [])),
    deps.events.on('instances.terminated', ({ instances }) => apply([], instances.map((i) => i.id))),
    deps.events.on('instances.listed', listed),
  ];
  render(false); // the placeholder ("Listing your instances…") does not hold back the first real menu
  void refresh();
  every(deps.tickMs ?? 60_000, scheduleRender, (c) => (tickTimer = c));

  return {
    refresh,
    /** Runs a menu action as a click would (tests). */
    run,
    view,
    stop(): void {
      stopped = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const cancel of [renderTimer, tickTimer]) cancel?.();
      renderTimer = tickTimer = null;
    },
  };
}

export type TrayController = ReturnType<typeof createTrayController>;
