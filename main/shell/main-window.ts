import { BrowserWindow, type WebPreferences } from 'electron';

/**
 * The renderer's webPreferences: isolated, sandboxed, no Node, no webview, web security on.
 * Its only way to main is the preload's bridge.
 */
export function hardenedWebPreferences(preloadPath: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    // Middle-click would open links in a new window (electronegativity AUXCLICK_JS_CHECK).
    disableBlinkFeatures: 'Auxclick',
    preload: preloadPath,
  } as const satisfies WebPreferences;
}

export const MAIN_WINDOW_SIZE = { width: 1200, height: 800, minWidth: 800, minHeight: 560 } as const;

export interface MainWindowOptions {
  preloadPath: string;
  /** `app://flotilla/index.html`, served from dist/renderer by the app protocol (app-protocol.ts). */
  appUrl: string;
  /** Told when the page fails to load (e.g. dist/renderer missing). */
  onLoadError?(error: unknown): void;
  /** False keeps it hidden once ready (started at login into the tray); default true. */
  showWhenReady?: boolean;
}

/** Flotilla's one window: hidden until its first paint is ready, showing app://flotilla/index.html (dist/renderer). */
export function createMainWindow({ preloadPath, appUrl, onLoadError, showWhenReady = true }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...MAIN_WINDOW_SIZE,
    title: 'Flotilla',
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  // The page may retitle the window with an explicit <title>; never with Electron's fallback
  // (the file name, "index.html") or an empty one.
  window.on('page-title-updated', (event, title, explicitSet) => {
    if (!explicitSet || title.trim() === '') event.preventDefault();
  });
  if (showWhenReady) window.once('ready-to-show', () => window.show());
  // Never loadFile: a file:// page may read any local file (electron docs/tutorial/security.md #18).
  window.loadURL(appUrl).catch((error: unknown) => onLoadError?.(error));
  return window;
}
