/** The tray's text and menu, from the caller's instances: pure, so it is tested without Electron. */
import type { InstanceDto } from '../../contract/instances/dto';
import { isLiveState } from '../../contract/instances/dto';
import { QUICK_EXTEND_DURATION } from '../../contract/instances/notification-actions';
import { formatDuration } from '../../core/instances/duration';

/** One menu entry; structurally a subset of Electron's MenuItemConstructorOptions. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  toolTip?: string;
  submenu?: TrayMenuItem[];
  click?: () => void;
}

export type TrayInstanceAction = 'open' | 'ssh' | 'extend' | 'terminate';

export interface TrayView {
  /** The caller's instances; null until the first listing. */
  instances: InstanceDto[] | null;
  /** Why the last listing failed, if it did. */
  error: string | null;
}

export interface TrayHandlers {
  instance(action: TrayInstanceAction, instance: InstanceDto): void;
  showWindow(): void;
  quit(): void;
}

/** Entries listed before "and N more". */
export const MAX_LISTED = 20;

const live = (i: InstanceDto) => isLiveState(i.state);

export function counts(view: TrayView): { live: number; ready: number } {
  const mine = (view.instances ?? []).filter(live);
  return { live: mine.length, ready: mine.filter((i) => i.readiness === 'ready').length };
}

export function trayTooltip(view: TrayView): string {
  if (view.instances === null) return view.error ? 'Flotilla: could not list your instances' : 'Flotilla';
  const { live: n, ready } = counts(view);
  if (n === 0) return 'Flotilla: no live instances of yours';
  return `Flotilla: ${n} live instance${n === 1 ? '' : 's'} of yours, ${ready} ready`;
}

/** macOS shows this next to the icon: `ready/live`, nothing when there are none. */
export function trayTitle(view: TrayView): string {
  const { live: n, ready } = counts(view);
  return n === 0 ? '' : `${ready}/${n}`;
}

/** `ready`, `starting`, `not ready`, or the EC2 state when it is not running. */
export function statusText(i: InstanceDto): string {
  if (i.state !== 'running') return i.state;
  switch (i.readiness) {
    case 'ready':
      return 'ready';
    case 'timed-out':
      return 'not ready';
    case 'pending':
    case 'running':
    case 'addressed':
      return 'starting';
    default:
      return 'running';
  }
}

export function expiresText(i: InstanceDto, now: Date): string {
  if (i.pinned) return 'pinned';
  if (!i.expiresAt) return 'no expiry';
  const left = Date.parse(i.expiresAt) - now.getTime();
  return left <= 30_000 ? 'expiring now' : `expires in ${formatDuration(left)}`;
}

/** `&` is a mnemonic marker in Windows menus. */
const menuText = (text: string) => text.replace(/&/g, '&&');

function instanceItem(i: InstanceDto, now: Date, handlers: TrayHandlers): TrayMenuItem {
  const name = i.name || `${i.project}/${i.branch}`;
  const act = (action: TrayInstanceAction) => () => handlers.instance(action, i);
  const addressed = Boolean(i.publicDns || i.publicIp);
  const running = i.state === 'running';
  return {
    label: menuText(`${name} — ${statusText(i)}, ${expiresText(i, now)}`),
    toolTip: `${i.id} in ${i.region}`,
    submenu: [
      { label: 'Open', enabled: running && Boolean(i.readyUrl || addressed), click: act('open') },
      // An SSM-only instance's shell goes over Systems Manager: no public address needed.
      i.access === 'ssm' ? { label: 'Open shell (SSM)', enabled: running, click: act('ssh') } : { label: 'SSH', enabled: running && addressed, click: act('ssh') },
      { label: i.pinned ? 'Extend (pinned: never expires)' : `Extend by ${QUICK_EXTEND_DURATION}`, enabled: !i.pinned, click: act('extend') },
      { type: 'separator' },
      { label: 'Terminate…', click: act('terminate') },
    ],
  };
}

export function buildTrayMenu(view: TrayView, now: Date, handlers: TrayHandlers): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  const mine = (view.instances ?? []).filter(live).sort((a, b) => b.launchedAt.localeCompare(a.launchedAt) || a.id.localeCompare(b.id));
  if (view.instances === null) {
    items.push({ label: view.error ? menuText(`Could not list instances: ${view.error.slice(0, 120)}`) : 'Listing your instances…', enabled: false });
  } else if (mine.length === 0) {
    items.push({ label: 'No live instances of yours', enabled: false });
  } else {
    const { ready } = counts(view);
    items.push({ label: `Your instances (${mine.length}, ${ready} ready)`, enabled: false });
    for (const i of mine.slice(0, MAX_LISTED)) items.push(instanceItem(i, now, handlers));
    if (mine.length > MAX_LISTED) items.push({ label: `and ${mine.length - MAX_LISTED} more…`, click: handlers.showWindow });
    if (view.error) items.push({ label: menuText(`Last refresh failed: ${view.error.slice(0, 120)}`), enabled: false });
  }
  items.push({ type: 'separator' }, { label: 'Show window', click: handlers.showWindow }, { label: 'Quit Flotilla', click: handlers.quit });
  return items;
}
