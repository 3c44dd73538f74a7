/**
 * Flotilla's Electron main process: one window over the core. Everything the renderer can do goes
 * through the contract's channels (ipc/register-ipc.ts); the rules in security/ hold for every web
 * contents. Built to dist/shell/index.mjs (ESM).
 */
import { app, autoUpdater, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, shell, Tray } from 'electron';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createCore, type Core } from '../core/create-core';
import type { Ports } from '../core/ports';
import { systemClock } from '../core/shared/clock';
import { createLogger, parseLogLevel, type ShellLogger } from './adapters/logger';
import { createNotifier } from './adapters/notifier';
import { createOpener } from './adapters/opener';
import { createTerminalPicker } from './adapters/terminal-picker';
import { createSystemTerminal } from '../core/terminal';
import { openElectronSettingsStore } from './adapters/settings-store';
import { createKeytarSecretStore } from '../node/keytar-secret-store';
import { priceCacheFile } from '../node/cache-location';
import { forwardEvents } from './ipc/forward-events';
import { registerIpc } from './ipc/register-ipc';
import { startDesktop, type Desktop } from './desktop/integrate';
import { probeTrayHost } from './desktop/tray-host';
import { setAppMenu } from './app-menu';
import { setWindowsAppUserModelId } from './app-user-model-id';
import { handleAppScheme, registerAppScheme } from './app-protocol';
import { createMainWindow } from './main-window';
import { resolveProjectsDir, resolveShellPaths } from './paths';
import { resolveProfile } from './profile';
import { applySecurity, createTrustedSender } from './security';
import { guardedSender, reloadAfterCrash } from './renderer-recovery';
import { createSettingsFeed } from './settings-feed';
import { isCodeSignatureError, macUpdateBlocker } from './mac-update-signature';
import { isSmokeRun, quitIfSmokeRun } from './smoke-run';
import { autoUpdateSettingOf, loadAutoUpdater, notifierRestartPrompt, startAutoUpdates } from './updater';

// Every renderer sandboxed, whatever its webPreferences say (must run before 'ready').
app.enableSandbox();
// Windows: the AUMID of the installer's Start Menu shortcut (electron-builder's appId), without
// which notifications do not show (app-user-model-id.ts). Before any notification.
setWindowsAppUserModelId(app);
// The page is served from app://flotilla/, never file:// (app-protocol.ts). The scheme's privileges
// can only be registered before 'ready', once (electron docs/api/protocol.md).
registerAppScheme(protocol);

// A separate profile (window state, logs, single-instance lock): FLOTILLA_USER_DATA_DIR (end-to-end
// tests, settings too), else its own for a development build, so `npm start` does not quit because
// the installed app runs (profile.ts); settings are the one file (settings-store.ts). Must be set
// before the lock is requested.
const profile = resolveProfile({
  override: process.env.FLOTILLA_USER_DATA_DIR,
  isPackaged: app.isPackaged,
  appData: app.getPath('appData'),
  name: app.getName(),
});
if (profile) {
  app.setPath('userData', profile.userData);
  app.setAppLogsPath(profile.logs);
}

if (app.requestSingleInstanceLock()) {
  start();
} else {
  // Another Flotilla is running; it focuses its window on 'second-instance'.
  app.quit();
}

function start(): void {
  const paths = resolveShellPaths(import.meta.dirname);
  let mainWindow: BrowserWindow | null = null;
  let logger: ShellLogger | null = null;
  const cleanups: Array<() => void | Promise<void>> = [];

  const liveWindow = (): BrowserWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  app.on('second-instance', () => {
    const window = liveWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  app
    .whenReady()
    .then(async () => {
      // Before any window: no Reload or DevTools menu in a packaged build (app-menu.ts).
      setAppMenu(Menu, { platform: process.platform, isPackaged: app.isPackaged });
      const log = (logger = createLogger({
        file: path.join(app.getPath('logs'), 'main.log'),
        level: parseLogLevel(process.env.FLOTILLA_LOG_LEVEL),
      }));
      // Resolved at call time, so a test can stand in for shell.openExternal.
      const opener = createOpener((url) => shell.openExternal(url));
      const openExternal = (url: string) => {
        opener.openUrl(url).catch((error: unknown) => log.warn('could not open a link', { url, error }));
      };

      // dist/renderer as app://flotilla/ on the default session, before any window loads it.
      handleAppScheme(protocol, { rendererDir: paths.rendererDir, readFile: (file) => readFile(file) });
      applySecurity(app, {
        appUrl: paths.appUrl,
        // The one web contents granted clipboard-sanitized-write (its main frame, on app://flotilla).
        appContents: () => liveWindow()?.webContents ?? null,
        openExternal,
        onPermissionDenied: (permission) => log.info('denied a permission request', { permission }),
      });

      // Set once the core and the tray are up; a notification's action or click goes through these.
      let desktop: Desktop | null = null;
      let showWindow: (() => void) | null = null;
      const notifier = createNotifier(Notification, {
        platform: process.platform,
        // The update's "Restart now", else an instance's action (open, ssh, extend).
        onAction: (actionId) => {
          if (!restartPrompt.handleAction(actionId)) desktop?.notificationAction(actionId);
        },
        onClick: () => showWindow?.(),
        onUnsupported: (title) => log.info('notifications unsupported; not shown', { title }),
        // Once: an unsigned macOS build cannot show any (Electron 42+ UNNotification needs a signature).
        onFailed: (error) => log.warn('a notification failed to show (macOS: a build that is not code-signed shows none; no more are tried)', { error }),
      });
      // The update prompt follows Settings → Notifications → updates (read when an update is ready).
      let coreForPrompt: Core | null = null;
      const updateNotificationsOn = async () => (coreForPrompt ? (await coreForPrompt.api.settings.get({})).settings.notifications.updates : true);
      const restartPrompt = notifierRestartPrompt(notifier, updateNotificationsOn, log);
      const ports: Ports = {
        clock: systemClock,
        logger: log,
        notifier,
        opener,
        terminal: createSystemTerminal(),
        secrets: createKeytarSecretStore(),
        // The one settings file, shared with browser mode and the CLI (settings-store.ts).
        settings: openElectronSettingsStore({ env: process.env, home: app.getPath('home'), platform: process.platform }, log),
        // Settings → Terminal → Choose program…: native dialogs, modal to the window (desktop only).
        terminalPicker: createTerminalPicker(
          {
            showOpenDialog: (options) => {
              const window = liveWindow();
              return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
            },
            showMessageBox: (options) => {
              const window = liveWindow();
              return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
            },
          },
          { platform: process.platform },
        ),
      };
      const projectsDir = resolveProjectsDir({
        env: process.env,
        isPackaged: app.isPackaged,
        resourcesPath: process.resourcesPath,
        appPath: app.getAppPath(),
      });
      // Linux: is a StatusNotifier host on the session bus (else nothing shows the tray icon)?
      // Asked while the core starts; startDesktop waits for the answer (desktop/tray-host.ts).
      const trayHost = probeTrayHost({ platform: process.platform, env: process.env });
      const core: Core = await createCore(ports, {
        projectsDir,
        mode: 'desktop',
        version: app.getVersion(),
        watch: true,
        home: app.getPath('home'),
        env: process.env,
        // Live prices, cached in the cache folder browser mode and the CLI share (node/cache-location.ts).
        prices: { cacheFile: priceCacheFile(process.env, app.getPath('home'), process.platform) },
        // The window opens after startDesktop, so app.info always has the answer.
        trayStatus: () => desktop?.trayStatus ?? { status: 'unknown', detail: 'Flotilla is still looking for a system tray.' },
      });
      cleanups.push(() => core.close());
      coreForPrompt = core;

      const isTrusted = createTrustedSender({ appUrl: paths.appUrl, mainFrame: () => liveWindow()?.webContents.mainFrame });
      cleanups.push(registerIpc({ ipcMain, api: core.api, isTrusted, logger: log }));
      // Never throws into the core's event bus: a destroyed webContents gets nothing (renderer-recovery.ts).
      cleanups.push(forwardEvents(core.events, guardedSender(() => liveWindow()?.webContents, log)));
      // The shell's one follower of settings.changed: the updater and the desktop settings listen to it.
      const settingsFeed = createSettingsFeed(core.events, log);
      cleanups.push(() => settingsFeed.stop());
      // Packaged builds only, while settings.autoUpdate is on: at start and every 4 hours.
      cleanups.push(
        startAutoUpdates({
          isPackaged: app.isPackaged,
          load: loadAutoUpdater,
          setting: autoUpdateSettingOf(core, settingsFeed),
          logger: log,
          clock: systemClock,
          showRestartPrompt: (prompt) => restartPrompt.show(prompt),
          // macOS installs updates only into a Developer ID signed app: an unsigned or ad-hoc build
          // says so once and never checks (mac-update-signature.ts).
          ...(process.platform === 'darwin'
            ? { cannotUpdate: () => macUpdateBlocker(process.execPath, promisify(execFile)), isPermanentError: isCodeSignatureError }
            : {}),
        }),
      );

      const openWindow = (show = true) => {
        const window = createMainWindow({
          preloadPath: paths.preload,
          appUrl: paths.appUrl,
          onLoadError: (error) => log.error('could not load the window', { page: paths.appUrl, files: paths.rendererDir, error }),
          showWhenReady: show,
        });
        desktop?.attach(window);
        // Logged, and the page reloaded (at most 3 times a minute; renderer-recovery.ts).
        reloadAfterCrash(window.webContents, {
          clock: systemClock,
          logger: log,
          onGiveUp: (details) =>
            void dialog
              .showMessageBox({ type: 'error', message: 'Flotilla’s window keeps crashing', detail: `Its page stopped (${details.reason}) more than 3 times in a minute. Quit and start Flotilla again; the log is in ${app.getPath('logs')}.` })
              .catch(() => undefined),
        });
        window.on('closed', () => {
          if (mainWindow === window) mainWindow = null;
        });
        return window;
      };
      const show = (showWindow = () => {
        const window = liveWindow() ?? (mainWindow = openWindow());
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      });
      // Tray, close-to-tray, Start at login, notification actions (desktop/integrate.ts).
      desktop = await startDesktop({
        platform: process.platform,
        env: process.env,
        argv: process.argv,
        execPath: process.execPath,
        app,
        electron: { Tray, Menu, nativeImage },
        showMessageBox: (options) => dialog.showMessageBox(options),
        icons: paths.trayIcons,
        core,
        settingsFeed,
        clock: systemClock,
        logger: log,
        showWindow: show,
        trayHost,
      });
      const started = desktop;
      cleanups.push(() => started.stop());
      // Squirrel.Mac closes the windows before 'before-quit' when installing an update.
      if (process.platform === 'darwin') autoUpdater.on('before-quit-for-update', () => started.allowQuit());
      if (!liveWindow()) mainWindow = openWindow(!started.startHidden);
      app.on('activate', show);
      log.info('Flotilla started', { version: app.getVersion(), projectsDir, packaged: app.isPackaged });
      // CI's smoke run of the packaged app quits here (FLOTILLA_SMOKE_TEST=1 only; smoke-run.ts).
      quitIfSmokeRun(process.env, app, log);
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      (logger ?? console).error('Flotilla could not start', { error: message });
      if (!isSmokeRun(process.env)) dialog.showErrorBox('Flotilla could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the core (watchers) and the log before exiting; will-quit is held until that is done.
  let shutdown: 'running' | 'idle' | 'done' = 'idle';
  app.on('will-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'running') return;
    shutdown = 'running';
    void (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          logger?.error('error while quitting', { error });
        }
      }
      await logger?.close();
      shutdown = 'done';
      app.quit();
    })();
  });
}
