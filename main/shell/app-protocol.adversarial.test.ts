/**
 * Issue 11 item 11: the renderer is served from `app://flotilla/` by `protocol.handle`, not from
 * `file://` (a file:// page has universal file access: an injected script could read
 * ~/.aws/credentials). The handler must never hand out a file outside dist/renderer.
 *
 * Electron references (v40.10.2; v45.0.0-nightly.20260821 only adds a "Protocol names" note):
 * - docs/api/protocol.md, `protocol.registerSchemesAsPrivileged`: "can only be used before the
 *   `ready` event of the `app` module gets emitted and can be called only once"; a standard scheme
 *   resolves relative URLs like http, and web storage is disabled for non-standard schemes.
 * - docs/api/protocol.md, `protocol.handle(scheme, handler)`: the handler gets a GlobalRequest and
 *   answers a GlobalResponse; its example refuses `app://bundle/../../secret_file.txt` with
 *   path.relative, which is what resolveAppPath does (plus decoding and separators).
 * - docs/tutorial/security.md #18 "Avoid usage of the file:// protocol and prefer usage of custom
 *   protocols": "Pages running on file:// have unilateral access to every file on your machine".
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { APP_PRIVILEGES, APP_CSP, contentTypeOf, createAppHandler, resolveAppPath } from './app-protocol';
import { APP_URL } from './app-origin';
import { isAppUrl } from './urls';

const dist = path.resolve('/opt/Flotilla/resources/app.asar/dist/renderer');
const inside = (...parts: string[]) => path.join(dist, ...parts);

describe('resolveAppPath: nothing outside dist/renderer', () => {
  test('maps the app’s files into dist/renderer', () => {
    expect(resolveAppPath(dist, 'app://flotilla/index.html')).toBe(inside('index.html'));
    expect(resolveAppPath(dist, 'app://flotilla/')).toBe(inside('index.html'));
    expect(resolveAppPath(dist, 'app://flotilla/assets/index-abc123.js?v=1#x')).toBe(inside('assets', 'index-abc123.js'));
    expect(resolveAppPath(dist, 'app://flotilla/assets/my%20font.woff2')).toBe(inside('assets', 'my font.woff2'));
  });

  test.each([
    'app://flotilla/../../etc/passwd',
    'app://flotilla/%2e%2e/%2e%2e/etc/passwd',
    'app://flotilla/%2E%2E/%2E%2E/etc/passwd',
    'app://flotilla/.%2e/.%2e/etc/passwd',
    'app://flotilla/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://flotilla/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://flotilla/..%5c..%5c..%5cWindows%5cwin.ini',
    'app://flotilla/assets\\..\\..\\..\\etc\\passwd',
    'app://flotilla/%2fetc%2fpasswd',
    'app://flotilla//etc/passwd',
    'app://flotilla/C:%5CWindows%5Cwin.ini',
    'app://flotilla/C:/Windows/win.ini',
    'app://flotilla/index.html%00.png',
    'app://flotilla/%ff%fe',
    'app://flotilla/%',
  ])('%s never resolves outside dist/renderer', (url) => {
    const resolved = resolveAppPath(dist, url);
    if (resolved !== null) {
      const relative = path.relative(dist, resolved);
      expect(relative.startsWith('..') || path.isAbsolute(relative) || relative === '').toBe(false);
      // The URL parser itself folds `..` and `%2e%2e` (so Chromium hands over app://flotilla/etc/passwd):
      // at worst a name inside dist/renderer that does not exist.
      expect(resolved.startsWith(dist + path.sep)).toBe(true);
    }
  });

  test.each([
    'app://evil/index.html',
    'app://flotilla.evil/index.html',
    'app://evil@flotilla/index.html',
    'app://flotilla:8080/index.html',
    'file:///etc/passwd',
    'https://flotilla/index.html',
    'not a url',
  ])('%s is not served at all', (url) => {
    expect(resolveAppPath(dist, url)).toBeNull();
  });
});

describe('the protocol handler', () => {
  const files: Record<string, string> = {
    [inside('index.html')]: '<!doctype html><title>Flotilla</title>',
    [inside('assets', 'index.js')]: 'console.log(1)',
    [inside('assets', 'index.css')]: 'body{}',
  };
  const read = vi.fn(async (file: string) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return Buffer.from(text);
  });
  const handle = createAppHandler({ rendererDir: dist, readFile: read });

  test('serves index.html with its type, the CSP and nosniff', async () => {
    const response = await handle(new Request(APP_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Flotilla</title>');
  });

  test('serves scripts and styles with their types', async () => {
    expect((await handle(new Request('app://flotilla/assets/index.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle(new Request('app://flotilla/assets/index.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  test.each(['app://flotilla/../../etc/passwd', 'app://flotilla/%2e%2e/%2e%2e/etc/passwd', 'app://flotilla/assets/..%2f..%2f..%2fetc%2fpasswd', 'app://other/index.html'])(
    '%s: refused, and never read outside dist/renderer',
    async (url) => {
      read.mockClear();
      const response = await handle(new Request(url));
      expect([400, 404]).toContain(response.status);
      for (const [file] of read.mock.calls) expect(path.relative(dist, file).startsWith('..')).toBe(false);
      expect(await response.text()).not.toContain('root:');
    },
  );

  test('answers 404 for a missing file and 405 for anything but GET and HEAD', async () => {
    expect((await handle(new Request('app://flotilla/nope.js'))).status).toBe(404);
    expect((await handle(new Request(APP_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  test('knows the types the build emits, and sends anything else as bytes', () => {
    expect(contentTypeOf('a.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('a.png')).toBe('image/png');
    expect(contentTypeOf('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeOf('a.exe')).toBe('application/octet-stream');
  });
});

describe('the scheme and the header CSP', () => {
  test('is registered standard and secure, with fetch, and never bypasses CSP', () => {
    expect(APP_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
  });

  test('the header CSP says at least what index.html’s meta tag says, and forbids framing', () => {
    const html = readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const directives = (csp: string) => csp.split(';').map((d) => d.trim()).filter(Boolean);
    for (const directive of directives(meta!)) expect(directives(APP_CSP)).toContain(directive);
    expect(directives(APP_CSP)).toContain("frame-ancestors 'none'");
  });
});

describe('the trusted page is app://flotilla/index.html, not a file', () => {
  test('recognises the app page with a route, query or dot segments', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl(APP_URL, `${APP_URL}#/projects/web`)).toBe(true);
    expect(isAppUrl(APP_URL, `${APP_URL}?x=1`)).toBe(true);
    expect(isAppUrl(APP_URL, 'app://flotilla/assets/../index.html')).toBe(true);
  });

  test.each([
    'file:///opt/Flotilla/resources/app.asar/dist/renderer/index.html',
    'app://flotilla/other.html',
    'app://flotilla/',
    'app://evil/index.html',
    'app://flotilla.evil/index.html',
    'app://evil@flotilla/index.html',
    'app://flotilla:1/index.html',
    'https://flotilla/index.html',
    'flotilla://index.html',
    '',
  ])('refuses %j', (url) => {
    expect(isAppUrl(APP_URL, url)).toBe(false);
  });
});
