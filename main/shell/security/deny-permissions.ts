import { isAppOrigin } from '../app-origin';

/** `details` of a permission request (electron docs/api/structures/permission-request.md). */
export interface PermissionRequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
}

/** `details` of a permission check (electron docs/api/session.md, setPermissionCheckHandler). */
export interface PermissionCheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  embeddingOrigin?: string;
}

/** The surface of `Session` this rule needs. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void) | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean) | null,
  ): void;
}

export interface PermissionOptions {
  /** The web contents of Flotilla's window, or null while there is none. */
  appContents(): unknown;
  /** Told about each refused permission request (for the log). */
  onDenied?(permission: string): void;
}

/** The one permission the page gets: writing to the clipboard (copying an SSH command). */
export const GRANTED_PERMISSION = 'clipboard-sanitized-write';

/**
 * Flotilla's UI needs one web permission: `clipboard-sanitized-write`, granted only to the main
 * frame of Flotilla's own window while it is on the app's origin (`app://flotilla`). Everything
 * else (camera, geolocation, notifications from the page, clipboard reading, ...) is refused, and
 * every other check answers false. Native notifications go through main.
 */
export function denyPermissions(session: PermissionSession, options: PermissionOptions): void {
  const ownMainFrame = (webContents: unknown, isMainFrame: boolean | undefined, url: string | undefined): boolean => {
    const own = options.appContents();
    return own !== null && own !== undefined && webContents === own && isMainFrame === true && isAppOrigin(url);
  };
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const granted = permission === GRANTED_PERMISSION && ownMainFrame(webContents, details?.isMainFrame, details?.requestingUrl);
    if (!granted) options.onDenied?.(permission);
    callback(granted);
  });
  session.setPermissionCheckHandler(
    (webContents, permission, requestingOrigin, details) =>
      permission === GRANTED_PERMISSION &&
      details?.embeddingOrigin === undefined &&
      isAppOrigin(requestingOrigin) &&
      ownMainFrame(webContents, details?.isMainFrame, details?.requestingUrl),
  );
}
