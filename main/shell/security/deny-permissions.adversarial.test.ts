/**
 * Issue 11 item 12: the page may write to the clipboard (`navigator.clipboard.writeText`, used to
 * copy an SSH command), and nothing else; and only the app's own main frame, in the app's own
 * window, on the app's own origin may.
 *
 * Handler signatures, per electron docs/api/session.md (v40.10.2, unchanged in
 * v45.0.0-nightly.20260821):
 * - `setPermissionRequestHandler(handler(webContents, permission, callback, details))`, `details`
 *   a PermissionRequest (docs/api/structures/permission-request.md: `requestingUrl` "the last URL
 *   the requesting frame loaded", `isMainFrame`). "if the request comes from a subframe you should
 *   use `requestingUrl` to check the request origin".
 * - `setPermissionCheckHandler(handler(webContents | null, permission, requestingOrigin, details))`:
 *   "All cross origin sub frames making permission checks will pass a `null` webContents";
 *   `details.embeddingOrigin` is "Only set for cross-origin sub frames"; `details.isMainFrame`.
 * - Both list `clipboard-sanitized-write` ("Request access to write to the clipboard"), and
 *   "Most web APIs do a permission check and then make a permission request if the check is denied",
 *   so both handlers must agree.
 * - Source, shell/browser/electron_permission_manager.cc (v40.10.2 and v45.0.0-nightly.20260821):
 *   `requestingUrl` is the frame's GetLastCommittedURL(), `isMainFrame` is GetParent() == nullptr,
 *   for requests and checks alike; the handler's webContents is WebContents::FromRenderFrameHost.
 *   shell/common/gin_converters/content_converter.cc turns it into JS with
 *   WebContents::FromOrCreate (the existing wrapper), so comparing it with the window's
 *   `webContents` by identity is sound; a null frame becomes null.
 */
import { denyPermissions, type PermissionSession } from './deny-permissions';

const APP_PAGE = 'app://flotilla/index.html';
const appWindow = { id: 'main window contents' };
const otherContents = { id: 'devtools or any other web contents' };

function setup() {
  const handlers: {
    request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
  } = {};
  const denied: string[] = [];
  denyPermissions(
    {
      setPermissionRequestHandler: (h) => (handlers.request = h),
      setPermissionCheckHandler: (h) => (handlers.check = h),
    },
    { appContents: () => appWindow, onDenied: (p) => denied.push(p) },
  );
  const request = (contents: unknown, permission: string, details: { requestingUrl?: string; isMainFrame?: boolean }) => {
    const callback = vi.fn();
    handlers.request!(contents, permission, callback, details as never);
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0]![0] as boolean;
  };
  const check = (contents: unknown, permission: string, origin: string, details: Record<string, unknown>) =>
    handlers.check!(contents, permission, origin, details as never);
  return { request, check, denied };
}

describe('clipboard-sanitized-write: the app’s own main frame only', () => {
  test('is granted to the app window’s main frame on the app page (request and check)', () => {
    const { request, check, denied } = setup();
    expect(request(appWindow, 'clipboard-sanitized-write', { requestingUrl: `${APP_PAGE}#/instances`, isMainFrame: true })).toBe(true);
    expect(check(appWindow, 'clipboard-sanitized-write', 'app://flotilla', { requestingUrl: APP_PAGE, isMainFrame: true })).toBe(true);
    expect(denied).toEqual([]);
  });

  test.each([
    ['a subframe of the app page', appWindow, { requestingUrl: APP_PAGE, isMainFrame: false }],
    ['another web contents on the app page', otherContents, { requestingUrl: APP_PAGE, isMainFrame: true }],
    ['the app window showing a web page', appWindow, { requestingUrl: 'https://evil.example/', isMainFrame: true }],
    ['the app window showing the old file:// page', appWindow, { requestingUrl: 'file:///opt/Flotilla/resources/app.asar/dist/renderer/index.html', isMainFrame: true }],
    ['a look-alike host', appWindow, { requestingUrl: 'app://flotilla.evil/index.html', isMainFrame: true }],
    ['a userinfo trick', appWindow, { requestingUrl: 'app://evil@flotilla/index.html', isMainFrame: true }],
    ['no requesting URL', appWindow, { isMainFrame: true }],
    ['no isMainFrame', appWindow, { requestingUrl: APP_PAGE }],
    ['no web contents', null, { requestingUrl: APP_PAGE, isMainFrame: true }],
  ])('a request from %s is denied', (_name, contents, details) => {
    const { request, denied } = setup();
    expect(request(contents, 'clipboard-sanitized-write', details)).toBe(false);
    expect(denied).toEqual(['clipboard-sanitized-write']);
  });

  test.each([
    ['a cross-origin subframe (null web contents)', null, 'app://flotilla', { isMainFrame: false, embeddingOrigin: 'app://flotilla' }],
    ['a subframe', appWindow, 'app://flotilla', { requestingUrl: APP_PAGE, isMainFrame: false }],
    ['a frame embedded elsewhere', appWindow, 'app://flotilla', { requestingUrl: APP_PAGE, isMainFrame: true, embeddingOrigin: 'https://evil.example' }],
    ['another origin', appWindow, 'https://evil.example', { requestingUrl: 'https://evil.example/', isMainFrame: true }],
    ['file://', appWindow, 'file://', { requestingUrl: 'file:///etc/passwd', isMainFrame: true }],
    ['another web contents', otherContents, 'app://flotilla', { requestingUrl: APP_PAGE, isMainFrame: true }],
    ['an origin that disagrees with the URL', appWindow, 'https://evil.example', { requestingUrl: APP_PAGE, isMainFrame: true }],
  ])('a check from %s answers false', (_name, contents, origin, details) => {
    const { check } = setup();
    expect(check(contents, 'clipboard-sanitized-write', origin, details)).toBe(false);
  });

  test('is denied while there is no window', () => {
    const handlers: { request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0] } = {};
    denyPermissions({ setPermissionRequestHandler: (h) => (handlers.request = h), setPermissionCheckHandler: () => undefined }, { appContents: () => null });
    const callback = vi.fn();
    handlers.request!(null, 'clipboard-sanitized-write', callback, { requestingUrl: APP_PAGE, isMainFrame: true } as never);
    expect(callback).toHaveBeenCalledWith(false);
  });
});

describe('every other permission stays denied, even for the app’s own main frame', () => {
  const others = [
    'clipboard-read', 'deprecated-sync-clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen',
    'display-capture', 'fileSystem', 'hid', 'serial', 'usb', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock',
    'idle-detection', 'storage-access', 'top-level-storage-access', 'window-management', 'speaker-selection', 'mediaKeySystem', 'unknown',
  ];
  test.each(others)('%s', (permission) => {
    const { request, check, denied } = setup();
    expect(request(appWindow, permission, { requestingUrl: APP_PAGE, isMainFrame: true })).toBe(false);
    expect(check(appWindow, permission, 'app://flotilla', { requestingUrl: APP_PAGE, isMainFrame: true })).toBe(false);
    expect(denied).toEqual([permission]);
  });
});
