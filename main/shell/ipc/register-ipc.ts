import type { FlotillaApi } from '../../contract/api';
import { channels } from '../../contract/channels';
import { createDispatcher } from '../../contract/dispatch';
import { fail, type Result } from '../../contract/errors';
import type { Logger } from '../../core/ports';
import type { FrameLike, TrustedSender } from '../security/trusted-sender';

/** The part of an `IpcMainInvokeEvent` the handler reads. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The surface of `ipcMain` this needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<Result<unknown>>): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  api: FlotillaApi;
  isTrusted: TrustedSender;
  logger: Logger;
}

/**
 * One `ipcMain.handle` per contract channel (nothing else is reachable). Each call from a
 * trusted frame goes through the dispatcher (validation, Result); any other sender gets
 * `forbidden`. Returns a function that removes every handler.
 */
export function registerIpc({ ipcMain, api, isTrusted, logger }: RegisterIpcOptions): () => void {
  const dispatch = createDispatcher(api, {
    onUnexpectedError: (channel, error) =>
      logger.error(`${channel} failed unexpectedly`, {
        error: error instanceof Error ? (error.stack ?? String(error)) : String(error),
      }),
  });
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrusted(event.senderFrame)) {
        logger.warn('refused IPC call from an untrusted frame', { channel, url: frameUrl(event.senderFrame) });
        return fail('forbidden', `${channel}: this frame may not call Flotilla.`);
      }
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function frameUrl(frame: FrameLike | null): string | null {
  try {
    return frame?.url ?? null;
  } catch {
    return null;
  }
}
