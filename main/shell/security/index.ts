import { blockNavigation, type NavigationSource } from './block-navigation';
import { denyPermissions, type PermissionSession } from './deny-permissions';
import { denyWebview, type WebviewSource } from './deny-webview';
import { denyWindowOpen, type WindowOpenSource } from './deny-window-open';

export { blockNavigation } from './block-navigation';
export { denyPermissions } from './deny-permissions';
export { denyWebview } from './deny-webview';
export { denyWindowOpen } from './deny-window-open';
export { createTrustedSender, type FrameLike, type TrustedSender } from './trusted-sender';

/** Every surface of a `WebContents` the rules touch. */
export type SecuredContents = NavigationSource & WindowOpenSource & WebviewSource & { readonly session: PermissionSession };

/** The surface of `app` needed to reach every web contents as it is created. */
export interface WebContentsCreatedSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: SecuredContents) => void): unknown;
}

export interface SecurityOptions {
  /** The app's own page, `app://flotilla/index.html`. */
  appUrl: string;
  /** The web contents of Flotilla's window, or null while there is none (the one granted the clipboard). */
  appContents(): unknown;
  /** Hands an http(s) URL to the system browser (errors are the callee's to log). */
  openExternal(url: string): void;
  /** Told about each refused permission request (for the log). */
  onPermissionDenied?(permission: string): void;
}

/** Applies every rule to one web contents (and, once, to its session). */
export function secureWebContents(contents: SecuredContents, options: SecurityOptions, securedSessions = new WeakSet<object>()): void {
  blockNavigation(contents, options);
  denyWindowOpen(contents, options.openExternal);
  denyWebview(contents);
  const session = contents.session;
  if (!securedSessions.has(session)) {
    securedSessions.add(session);
    denyPermissions(session, { appContents: options.appContents, ...(options.onPermissionDenied ? { onDenied: options.onPermissionDenied } : {}) });
  }
}

/**
 * Installs the rules on every web contents the app ever creates (windows, devtools, anything).
 * Call before the first window is created.
 */
export function applySecurity(app: WebContentsCreatedSource, options: SecurityOptions): void {
  const securedSessions = new WeakSet<object>();
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, options, securedSessions));
}
