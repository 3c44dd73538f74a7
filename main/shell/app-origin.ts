/**
 * The app's own origin: the renderer is served from `app://flotilla/` (app-protocol.ts), never
 * from `file://`. Pure (no electron import), shared by the protocol handler and the security rules.
 */

/** The privileged scheme (registered as standard and secure before 'ready'). */
export const APP_SCHEME = 'app';
/** The one host the handler serves. */
export const APP_HOST = 'flotilla';
/** `app://flotilla`, the renderer's origin. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The only page a window may show and the only page whose main frame may call IPC. */
export const APP_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `candidate` is on the app's origin: scheme `app:`, host exactly `flotilla`, no port and
 * no user info (`app://evil@flotilla/` is refused, as is `app://flotilla.evil/`). Node's URL gives
 * the opaque origin "null" for a scheme it does not know, so the parts are compared instead.
 */
export function isAppOrigin(candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const url = parse(candidate);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
