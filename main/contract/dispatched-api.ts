import type { FlotillaApi } from './api';
import { channels, splitChannel } from './channels';
import type { Dispatch } from './dispatch';
import { FlotillaError } from './errors';

/**
 * The API as an in-process caller (the CLI) sees it through the dispatcher that IPC and browser
 * mode use: every input is parsed with the channel's schema before it reaches the core, and a
 * failure comes back as the FlotillaError the other transports would answer (same code, message
 * and data).
 */
export function dispatchedApi(dispatch: Dispatch): FlotillaApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of channels) {
    const [service, method] = splitChannel(channel);
    (api[service] ??= {})[method] = async (input) => {
      const result = await dispatch(channel, input);
      if (result.ok) return result.value;
      throw new FlotillaError(result.error.code, result.error.message, result.error.data);
    };
  }
  return api as unknown as FlotillaApi;
}
