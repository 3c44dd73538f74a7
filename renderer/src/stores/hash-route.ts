import type { AppStore, AppStoreState } from './app-store';
import { pages, type Page } from './ui-slice';

/**
 * Each page has a URL in the fragment (`#/instances`, `#/instances/i-0abc…` with the instance
 * whose details are open), so a reload and the browser's Back and Forward keep the page and the
 * selected instance. Hash routes work the same in browser mode and in the desktop app's file page.
 */
export interface Route {
  page: Page;
  /** The instance whose details are open (Instances page only). */
  instanceId: string | null;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** The route in a fragment, or null when it names no page (empty, `#token=…`, anything else). */
export function parseRoute(hash: string): Route | null {
  const [page, id, ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (!pages.includes(page as Page) || rest.length > 0) return null;
  if (id === undefined || id === '') return { page: page as Page, instanceId: null };
  return page === 'instances' && INSTANCE_ID.test(id) ? { page, instanceId: id } : null;
}

export function formatRoute(route: Route): string {
  return route.page === 'instances' && route.instanceId ? `#/instances/${route.instanceId}` : `#/${route.page}`;
}

/** The route the store is showing. */
export function routeOf(state: AppStoreState): Route {
  return { page: state.ui.page, instanceId: state.ui.page === 'instances' ? state.instances.selectedId : null };
}

/** Shows `route` in the store; an instance that the loaded fleet does not have is not selected. */
export function applyRoute(store: AppStore, route: Route): void {
  const state = store.getState();
  if (state.ui.page !== route.page) state.ui.showPage(route.page);
  if (route.page !== 'instances') return;
  const { loaded, fleet } = state.instances;
  const known = route.instanceId !== null && (!loaded || fleet.some((i) => i.id === route.instanceId));
  state.instances.select(known ? route.instanceId : null);
  if (known) state.instances.reveal();
}

type RouteWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

/**
 * Keeps the store and the address bar in step: the fragment's route is shown at once (call this
 * before the first render), then each page switch, and opening or closing an instance's details,
 * is a history entry; moving the selection from one instance to another, or an instance that has
 * gone, replaces the entry. Back, Forward and a typed fragment show their route. Returns the
 * function that stops it.
 */
export function connectHashRoute(store: AppStore, win: RouteWindow = window): () => void {
  let applying = false;
  const write = (hash: string, push: boolean) => {
    if (win.location.hash === hash) return;
    const url = win.location.pathname + win.location.search + hash;
    if (push) win.history.pushState(null, '', url);
    else win.history.replaceState(win.history.state, '', url);
  };
  const show = () => {
    const route = parseRoute(win.location.hash);
    applying = true;
    try {
      if (route) applyRoute(store, route);
    } finally {
      applying = false;
    }
    write(formatRoute(routeOf(store.getState())), false);
  };
  show();
  const unsubscribe = store.subscribe((state, previous) => {
    if (applying) return;
    const next = routeOf(state);
    const before = routeOf(previous);
    if (formatRoute(next) === formatRoute(before)) return;
    const gone = next.instanceId === null && before.instanceId !== null && !state.instances.fleet.some((i) => i.id === before.instanceId);
    const opened = (next.instanceId === null) !== (before.instanceId === null);
    write(formatRoute(next), next.page !== before.page || (opened && !gone));
  });
  win.addEventListener('popstate', show);
  win.addEventListener('hashchange', show);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', show);
    win.removeEventListener('hashchange', show);
  };
}
