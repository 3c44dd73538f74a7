import { isAppUrl, isHttpUrl } from '../urls';

/** The part of a navigation event the rule reads (Electron passes `Event<WebContentsWill*EventParams>`). */
export interface NavigationEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

type NavigationListener = (event: NavigationEvent) => void;

/** The surface of `WebContents` this rule needs. */
export interface NavigationSource {
  on(event: 'will-navigate', listener: NavigationListener): unknown;
  on(event: 'will-redirect', listener: NavigationListener): unknown;
  on(event: 'will-frame-navigate', listener: NavigationListener): unknown;
}

export interface BlockNavigationOptions {
  /** The app's own page, `app://flotilla/index.html`; the only place a frame may go. */
  appUrl: string;
  /** Hands an http(s) URL to the system browser. */
  openExternal(url: string): void;
}

/**
 * Keeps every frame on the app's own page. A main-frame navigation (or redirect) to an http(s)
 * URL is cancelled and opened in the system browser instead; anything else is just cancelled.
 *
 * `will-frame-navigate` only cancels: Electron emits `will-navigate` first for the main frame (and
 * skips `will-frame-navigate` once that is cancelled), so opening from both would risk opening
 * the same link twice, and a subframe should never pop up a browser.
 */
export function blockNavigation(contents: NavigationSource, options: BlockNavigationOptions): void {
  const guard =
    (openHttp: boolean): NavigationListener =>
    (event) => {
      if (isAppUrl(options.appUrl, event.url)) return;
      event.preventDefault();
      if (openHttp && event.isMainFrame && isHttpUrl(event.url)) options.openExternal(event.url);
    };
  contents.on('will-navigate', guard(true));
  contents.on('will-redirect', guard(true));
  contents.on('will-frame-navigate', guard(false));
}
