import { APP_URL, isAppOrigin } from './app-origin';

/** True for an absolute `http:` or `https:` URL, the only kind Flotilla hands to the system browser. */
export function isHttpUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

/**
 * True when `candidate` is the app's own page (`appUrl`, `app://flotilla/index.html`), ignoring
 * `?query` and `#hash` (the renderer may route with either). Compared after URL parsing (dot
 * segments resolved), on the app's origin only: a `file://` copy of index.html is not the app.
 */
export function isAppUrl(appUrl: string, candidate: string | null | undefined): boolean {
  if (!candidate || !isAppOrigin(appUrl) || !isAppOrigin(candidate)) return false;
  const own = parseUrl(appUrl);
  const other = parseUrl(candidate);
  return own !== null && other !== null && own.pathname === other.pathname;
}

export { APP_URL };

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
