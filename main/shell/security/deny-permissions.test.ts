import { denyPermissions, type PermissionSession } from './deny-permissions';

function setup(onDenied?: (permission: string) => void) {
  const handlers: {
    request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
  } = {};
  denyPermissions(
    {
      setPermissionRequestHandler: (h) => (handlers.request = h),
      setPermissionCheckHandler: (h) => (handlers.check = h),
    },
    { appContents: () => null, onDenied },
  );
  return handlers;
}

describe('denyPermissions', () => {
  test.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])(
    'refuses a %s request',
    (permission) => {
      const denied: string[] = [];
      const { request } = setup((p) => denied.push(p));
      const callback = vi.fn();
      request!({}, permission, callback, { requestingUrl: 'app://flotilla/index.html', isMainFrame: true });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(denied).toEqual([permission]);
    },
  );

  test('answers false to every permission check', () => {
    const { check } = setup();
    for (const permission of ['media', 'hid', 'serial', 'usb', 'clipboard-sanitized-write', 'notifications']) {
      expect(check!(null, permission, 'app://flotilla', { isMainFrame: true })).toBe(false);
    }
  });
});
