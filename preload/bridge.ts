import { BRIDGE_KEY, type Bridge, type ClientApi } from '../main/contract/bridge';
import { channels, splitChannel } from '../main/contract/channels';
import { fail, type Result } from '../main/contract/errors';
import { eventChannel, isEventName, type EventName } from '../main/contract/events';

/** The surface of Electron's `ipcRenderer` the bridge needs. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The surface of Electron's `webUtils` the bridge needs (getPathForFile answers '' for a File not on disk). */
export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

/** The surface of Electron's `contextBridge` the bridge needs. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

/**
 * The renderer's whole view of main: one function per contract channel, grouped by service
 * (`api.projects.list(input)` invokes `projects.list`), and `on` for the contract's events only.
 * Nothing generic: no way to invoke or listen on a channel that is not in the contract. With
 * `webUtils`, also `pathForFile` (the one non-contract helper, see Bridge).
 */
export function createBridge(ipc: IpcRendererLike, webUtils?: WebUtilsLike): Bridge {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of channels) {
    const [service, method] = splitChannel(channel);
    (api[service] ??= {})[method] = (input) =>
      // Main answers every call with a Result; a rejected invoke (no handler, main gone) becomes one too.
      ipc.invoke(channel, input).then(
        (result) => result as Result<unknown>,
        (error: unknown) => fail('internal', `${channel}: ${error instanceof Error ? error.message : String(error)}`),
      );
  }
  return {
    api: api as unknown as ClientApi,
    // See Bridge.pathForFile: a dropped file's location, for spooling; no IPC involved.
    ...(webUtils ? { pathForFile: (file: File) => webUtils.getPathForFile(file) || null } : {}),
    on(event, listener) {
      if (!isEventName(event)) throw new TypeError(`Flotilla has no event '${String(event)}'.`);
      const channel = eventChannel(event as EventName);
      // Only the payload crosses into the page, never the IpcRendererEvent (it carries `sender`).
      const forward = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}

/** Builds the bridge and exposes it on `window[BRIDGE_KEY]`. */
export function exposeBridge(contextBridge: ContextBridgeLike, ipc: IpcRendererLike, webUtils?: WebUtilsLike): Bridge {
  const bridge = createBridge(ipc, webUtils);
  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
  return bridge;
}
