/**
 * The only module that touches the bridge. The rest of the renderer gets a `ContractClient` and
 * never learns whether it runs inside Electron (preload bridge) or in a browser (`flotilla serve`).
 */
import {
  API_PREFIX,
  BRIDGE_KEY,
  EVENTS_PATH,
  EVENTS_PROTOCOL,
  TOKEN_PARAM,
  TOKEN_PROTOCOL_PREFIX,
  type Bridge,
  type ClientApi,
} from '@contract/bridge';
import { channels, splitChannel, type Channel } from '@contract/channels';
import { fail, isErrorCode, type Result } from '@contract/errors';
import { isEventName, type EventListener, type EventMap, type EventName } from '@contract/events';

/** What the renderer talks to: the contract's methods plus its events. Same shape as `Bridge`. */
export type ContractClient = Bridge;
export type { ClientApi };

/** The bits of a WebSocket the events transport uses (the DOM's WebSocket satisfies it). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface BrowserTransportOptions {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Opens the events socket offering these subprotocols (a browser cannot set its headers). */
  createSocket: (url: string, protocols: string[]) => SocketLike;
  location: { protocol: string; host: string };
  /** This run's token: `Authorization: Bearer` on calls, a subprotocol on the events socket. */
  token: string;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** First reconnect delay; doubles on each failure up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

export const FORBIDDEN_MESSAGE =
  'This page is no longer authorised to talk to Flotilla. Open the URL printed by `flotilla serve` again.';

/** What the page shows in browser mode when it has no token (opened without the printed URL). */
export const NO_TOKEN_MESSAGE =
  'This page has no access token. Open the URL that flotilla serve printed in its terminal (it ends in #token=…).';

/** Where the tab keeps its token: sessionStorage is per origin (port included) and per tab. */
export const TOKEN_STORAGE_KEY = 'flotilla.token';

/**
 * The Electron preload's bridge when there is one, else the browser-mode transport; null in
 * browser mode when the page has no token (the caller shows NO_TOKEN_MESSAGE).
 */
export function createClient(win: Window & typeof globalThis = window): ContractClient | null {
  const bridge = (win as unknown as Record<string, unknown>)[BRIDGE_KEY] as Bridge | undefined;
  if (bridge && typeof bridge === 'object' && bridge.api && typeof bridge.on === 'function') return bridge;
  const token = takeToken(win);
  if (token === null) return null;
  return createBrowserClient({
    token,
    fetch: (url, init) => win.fetch(url, init),
    createSocket: (url, protocols) => new win.WebSocket(url, protocols) as unknown as SocketLike,
    location: win.location,
    setTimeout: (callback, ms) => win.setTimeout(callback, ms),
    clearTimeout: (handle) => win.clearTimeout(handle as number),
  });
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * Browser mode's token: from the fragment of the URL `flotilla serve` printed (`#token=…`, which
 * the browser never sends anywhere), kept in this tab's sessionStorage so a reload keeps working,
 * and removed from the address bar (history, bookmarks, screen). Without a fragment, the token
 * this tab kept, if any. Never a cookie: cookies go to every port of 127.0.0.1.
 */
export function takeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | null {
  let storage: Storage | null = null;
  try {
    storage = win.sessionStorage;
  } catch {
    storage = null;
  }
  const hash = win.location.hash.replace(/^#/, '');
  const given = hash ? new URLSearchParams(hash).get(TOKEN_PARAM) : null;
  if (given !== null) {
    try {
      win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    } catch {
      // The address bar keeps the fragment; the token still works.
    }
    if (TOKEN_SHAPE.test(given)) {
      try {
        storage?.setItem(TOKEN_STORAGE_KEY, given);
      } catch {
        // No storage (private mode quota, policy): this load works, a reload will ask again.
      }
      return given;
    }
  }
  try {
    const kept = storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
    return kept !== null && TOKEN_SHAPE.test(kept) ? kept : null;
  } catch {
    return null;
  }
}

type AnyMethod = (input: unknown) => Promise<Result<unknown>>;

/** Browser mode: methods are JSON POSTs to `API_PREFIX + channel`, events arrive over a WebSocket. */
export function createBrowserClient(options: BrowserTransportOptions): ContractClient {
  const api: Record<string, Record<string, AnyMethod>> = {};
  for (const channel of channels) {
    const [service, method] = splitChannel(channel);
    (api[service] ??= {})[method] = (input) => post(options, channel, input);
  }
  const events = createEventsSocket(options);
  return { api: api as unknown as ClientApi, on: events.on };
}

async function post(options: BrowserTransportOptions, channel: Channel, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await options.fetch(API_PREFIX + channel, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify(input ?? {}),
      // The token is the credential; no cookie is sent (one another local app planted is ignored).
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    return fail('unavailable', `Could not reach Flotilla (${channel}): ${describe(error)}. Is \`flotilla serve\` still running?`);
  }
  if (response.status === 403) return fail('forbidden', FORBIDDEN_MESSAGE, { status: 403 });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fail('unavailable', `Flotilla answered ${channel} with something that is not JSON (HTTP ${response.status}).`);
  }
  if (isResult(body)) return body;
  return fail('unavailable', `Flotilla answered ${channel} with an unexpected reply (HTTP ${response.status}).`);
}

function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  if (record.ok === true) return 'value' in record;
  if (record.ok !== false || !record.error || typeof record.error !== 'object') return false;
  const error = record.error as Record<string, unknown>;
  return isErrorCode(error.code) && typeof error.message === 'string';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One WebSocket shared by every subscription, opened on the first and closed after the last.
 * When it drops it reconnects with exponential backoff (reset once a connection opens).
 */
function createEventsSocket(options: BrowserTransportOptions) {
  const listeners = new Map<EventName, Set<EventListener<never>>>();
  const setTimer = options.setTimeout ?? ((callback: () => void, ms: number) => globalThis.setTimeout(callback, ms));
  const clearTimer = options.clearTimeout ?? ((handle: unknown) => globalThis.clearTimeout(handle as number));
  const firstDelay = options.reconnectMs ?? 500;
  const maxDelay = options.maxReconnectMs ?? 15_000;
  const scheme = options.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${options.location.host}${EVENTS_PATH}`;
  const protocols = [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token];

  let socket: SocketLike | null = null;
  let timer: unknown = null;
  let delay = firstDelay;

  const count = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);

  function connect() {
    timer = null;
    let current: SocketLike;
    try {
      current = options.createSocket(url, protocols);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      delay = firstDelay;
    };
    current.onmessage = (message) => dispatch(message.data);
    current.onerror = () => {
      // A close event follows; reconnecting happens there.
    };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (count() > 0) scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (timer !== null) return;
    timer = setTimer(connect, delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  function disconnect() {
    if (timer !== null) clearTimer(timer);
    timer = null;
    delay = firstDelay;
    const current = socket;
    socket = null;
    current?.close();
  }

  function dispatch(data: unknown) {
    let message: unknown;
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string' || !isEventName(event)) return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        (listener as EventListener<typeof event>)(payload as EventMap[typeof event]);
      } catch (error) {
        console.error(`listener for ${event} threw`, error);
      }
    }
  }

  function on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry = listener as EventListener<never>;
    set.add(entry);
    if (socket === null && timer === null) connect();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(entry);
      if (count() === 0) disconnect();
    };
  }

  return { on };
}
