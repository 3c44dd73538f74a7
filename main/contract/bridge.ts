import type { FlotillaApi } from './api';
import type { Channel, InputOf, OutputOf, ServiceName } from './channels';
import type { Result } from './errors';
import type { EventListener, EventName } from './events';

type ClientMethod<C> = C extends Channel ? (input: InputOf<C>) => Promise<Result<OutputOf<C>>> : never;

/** Every method as the renderer sees it: same input, but answering a Result instead of throwing. */
export type ClientApi = {
  [S in ServiceName]: { [M in Extract<keyof FlotillaApi[S], string>]: ClientMethod<`${S}.${M}`> };
};

/**
 * What the preload exposes on `window[BRIDGE_KEY]`: exactly the contract's methods, grouped by
 * service, plus a subscription to the contract's events. Nothing generic (no raw ipcRenderer).
 */
export interface Bridge {
  api: ClientApi;
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  /**
   * The one helper outside the contract: where a dropped (or picked) File lives on disk, or null
   * when it is not a file on disk. Only Electron's preload can know (webUtils.getPathForFile; the
   * page has no path since File.path went away), and spooling needs a path, not bytes. It reads
   * nothing and sends nothing to main. Absent in browser mode, where the user types the path.
   */
  pathForFile?(file: File): string | null;
}

export const BRIDGE_KEY = 'flotilla';

/** Browser mode's wire: POST `${API_PREFIX}<channel>` with the JSON payload answers a JSON Result. */
export const API_PREFIX = '/api/';
/** Browser mode's events: a WebSocket at this path sends `{ event, payload }` JSON messages. */
export const EVENTS_PATH = '/events';
/**
 * Browser mode's credential, a token made for each run of `flotilla serve`. It reaches the page in
 * the URL's fragment (`/#token=…`, never sent to the server), stays in the tab's sessionStorage
 * (origin-scoped, unlike cookies, which every port of the host receives) and goes out only as
 * `Authorization: Bearer <token>` on calls and as a WebSocket subprotocol on the events socket.
 * No cookie carries it.
 */
export const TOKEN_PARAM = 'token';
/** The events socket's subprotocol; the server selects it and never echoes the token one. */
export const EVENTS_PROTOCOL = 'flotilla.v1';
/** The token's subprotocol is this prefix followed by the token (base64url, a valid token char set). */
export const TOKEN_PROTOCOL_PREFIX = 'token.';
