import { fileURLToPath } from 'node:url';

/** True for an absolute `http:` or `https:` URL, the only kind Flotilla hands to the system browser. */
export function isHttpUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

/**
 * True when `candidate` is the app's own page (`appUrl`, a `file://` URL of dist/renderer/index.html),
 * ignoring `?query` and `#hash` (the renderer may route with either). Paths are compared after
 * decoding, so `%20` and a space are the same; on Windows, case-insensitively.
 */
export function isAppUrl(appUrl: string, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const own = filePath(appUrl);
  const other = filePath(candidate);
  if (own === null || other === null) return false;
  return process.platform === 'win32' ? own.toLowerCase() === other.toLowerCase() : own === other;
}

function filePath(url: string): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || parsed.protocol !== 'file:') return null;
  parsed.search = '';
  parsed.hash = '';
  try {
    return fileURLToPath(parsed);
  } catch {
    return null;
  }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
