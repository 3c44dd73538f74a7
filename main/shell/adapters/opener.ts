import { FlotillaError } from '../../contract/errors';
import type { Opener } from '../../core/ports';
import { isHttpUrl } from '../urls';

/**
 * Opens http(s) URLs in the system browser (`shell.openExternal`). Anything else (file:, custom
 * schemes, javascript:, garbage) is refused: openExternal would launch whatever handles it.
 */
export function createOpener(openExternal: (url: string) => Promise<void>): Opener {
  return {
    async openUrl(url) {
      if (!isHttpUrl(url)) throw new FlotillaError('forbidden', 'Only http and https links can be opened.', { url });
      await openExternal(url);
    },
  };
}
