/**
 * Serving dist/renderer from the privileged `app://flotilla/` scheme instead of `file://`
 * (electron docs/tutorial/security.md #18): a file:// page may read any local file, an app:// page
 * only what this handler hands out, which is dist/renderer and nothing else.
 *
 * No electron import: the shell passes `protocol` in (index.ts), tests pass plain functions.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * For `protocol.registerSchemesAsPrivileged` (before 'ready', once; electron docs/api/protocol.md):
 * standard (relative URLs and web storage work like http), secure (a secure context, like https),
 * fetch for the page's own files, V8 code cache. Never `bypassCSP`, `corsEnabled` or service workers.
 * Without corsEnabled, same-origin loads (the page's own module scripts, fetch('/x')) work and a
 * cross-origin page cannot read app:// at all: electron#51152, backported to 40.x as #51271
 * (commit ab55d24e94, first in v40.10.0; "same-origin allowed on a standard scheme, cross-origin
 * blocked on a standard scheme").
 */
export const APP_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/**
 * The page's Content-Security-Policy, sent as a header with every response. It repeats the
 * `<meta>` policy of renderer/index.html (a test keeps them together) and adds what only a header
 * can say: no framing of the app by anything.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a file the build emits; anything else is plain bytes (and nosniff). */
export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rendererDir` an `app://flotilla/...` URL names, or null when the URL is not
 * the app's origin or could name anything outside the folder. The URL parser already resolves
 * `..` and `%2e%2e` segments; the decoded path is then checked again, segment by segment, so an
 * encoded separator (`..%2f`, `%5c`), a drive (`C:`), a NUL or a bad escape is refused too, and
 * the result must still be inside `rendererDir` (path.relative, as in electron's protocol.md).
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded === '/') decoded = '/index.html';
  if (!decoded.startsWith('/') || decoded.startsWith('//') || decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes(':'))) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

export interface AppHandlerOptions {
  /** dist/renderer (inside app.asar when packaged: Electron's fs reads asar files, docs/tutorial/asar-archives.md). */
  rendererDir: string;
  readFile(file: string): Promise<Uint8Array>;
}

const HEADERS = { 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

/** The `protocol.handle('app', ...)` handler: GET and HEAD of files in dist/renderer only. */
export function createAppHandler({ rendererDir, readFile }: AppHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppPath(rendererDir, request.url);
    if (file === null) return plain(400, 'Bad request');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      // Missing, a folder, unreadable: all the same to the page.
      return plain(404, 'Not found');
    }
    const headers = { ...HEADERS, 'content-type': contentTypeOf(file) };
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers });
  };
}

/** The surface of electron's `protocol` used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Before 'ready' (index.ts top level): the scheme's privileges. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_PRIVILEGES.scheme, privileges: { ...APP_PRIVILEGES.privileges } }]);
}

/** After 'ready', before the window loads: serve dist/renderer on the default session. */
export function handleAppScheme(protocol: Pick<ProtocolLike, 'handle'>, options: AppHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppHandler(options));
}
