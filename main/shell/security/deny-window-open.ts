import { isHttpUrl } from '../urls';

/** The surface of `WebContents` this rule needs. */
export interface WindowOpenSource {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * No page ever gets a new Electron window: `window.open` and `target=_blank` are denied, and
 * an http(s) target is opened in the system browser instead.
 */
export function denyWindowOpen(contents: WindowOpenSource, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isHttpUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
