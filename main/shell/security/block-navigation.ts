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
 * Electron emits `will-frame-navigate` FIRST (for every frame) and, when it is prevented, cancels
 * the navigation without ever emitting `will-navigate` (electron v45
 * shell/browser/electron_navigation_throttle.cc, `WillStartRequest`). So the main frame's link is
 * opened from `will-frame-navigate`; `will-navigate` is only a cancel-only backstop (it never
 * opens, so a link cannot be opened twice), and a subframe never pops up a browser.
 * `will-redirect` is emitted on its own path (`WillRedirectRequest`) and still opens.
 */
export function blockNavigation(contents: NavigationSource, options: BlockNavigationOptions): void {
  const guard =
    (openHttp: boolean): NavigationListener =>
    (event) => {
      if (isAppUrl(options.appUrl, event.url)) return;
      event.preventDefault();
      if (openHttp && event.isMainFrame && isHttpUrl(event.url)) options.openExternal(event.url);
    };
  contents.on('will-frame-navigate', guard(true));
  contents.on('will-navigate', guard(false));
  contents.on('will-redirect', guard(true));
}
