// Stand-ins for the core and Electron surfaces the tray and the desktop integration use (shared by their tests).
import type { FleetList, InstanceDto } from '../../contract/instances/dto';
import type { EventListener, EventMap, EventName, EventSource } from '../../contract/events';
import { T0 } from '../../core/fake-clock.test-helpers';
import type { TrayMenuItem } from './menu';

export const ME = 'arn:aws:sts::123456789012:assumed-role/Developer/ada';
export const MIN = 60_000;

export function dto(id: string, extra: Partial<InstanceDto> = {}): InstanceDto {
  return {
    id, region: 'us-east-1', name: `web/${id}`, project: 'web', branch: id, gitUser: 'ada', owner: ME, launchId: 'fl-1', state: 'running', readiness: 'ready',
    publicDns: 'ec2-203-0-113-10.compute-1.amazonaws.com', publicIp: '203.0.113.10', readyUrl: 'http://ec2-203-0-113-10.compute-1.amazonaws.com:8080/',
    launchedAt: new Date(T0 - 3_600_000).toISOString(), expiresAt: new Date(T0 + 200 * MIN).toISOString(), pinned: false, instanceType: 't3.small',
    imageId: 'ami-0123456789abcdef0', keyName: null, tags: {}, revision: null, access: 'ssh', market: 'on-demand', hourlyPrice: null, costSoFar: null, projectedCost: null, priceSource: null, interruption: null, ssm: null, ...extra,
  };
}

export function fleet(instances: InstanceDto[], extra: Partial<FleetList> = {}): FleetList {
  return { instances, regions: [{ region: 'us-east-1', ok: true, count: instances.length }], me: ME, totals: { hourly: 0, soFar: 0, projected: 0, unpriced: 0 }, pricesTakenAt: '2025-01-01', fetchedAt: '', ...extra };
}

export class FakeEvents implements EventSource {
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }
  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as EventListener<E>)(payload);
  }
  count(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

/** Electron's Tray, Menu and nativeImage as the tray uses them. */
export function fakeElectron() {
  const trays: FakeTray[] = [];
  class FakeImage {
    template = false;
    constructor(readonly path: string) {}
    isEmpty() {
      return false;
    }
    setTemplateImage(on: boolean) {
      this.template = on;
    }
  }
  class FakeTray {
    tooltip = '';
    title = '';
    menu: TrayMenuItem[] = [];
    menus = 0;
    destroyed = false;
    clicks: Array<() => void> = [];
    constructor(readonly image: FakeImage) {
      trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle(text: string) {
      this.title = text;
    }
    setContextMenu(menu: { items: TrayMenuItem[] }) {
      this.menu = menu.items;
      this.menus++;
    }
    on(_event: 'click', listener: () => void) {
      this.clicks.push(listener);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    trays,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (items: TrayMenuItem[]) => ({ items }) },
    nativeImage: { createFromPath: (path: string) => new FakeImage(path) },
  };
}

