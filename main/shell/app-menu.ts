/**
 * The application menu. Electron's default one (lib/browser/default-menu.ts, set on
 * 'will-finish-launching' unless the app sets its own) has a View menu with Reload, Force Reload
 * and Toggle Developer Tools, in packaged builds too. Flotilla sets its own, role-based:
 *
 * - macOS: the app menu (About, Hide, Quit), Edit (its roles give the text fields Cmd+C/V/X/A/Z,
 *   which macOS routes through the menu) and Window.
 * - Windows and Linux: none: `Menu.setApplicationMenu(null)` suppresses the default menu and
 *   removes the menu bar (electron docs/api/menu.md); editing keys work in text fields without it.
 * - A development build (`!app.isPackaged`) keeps Electron's default menu, DevTools included.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type AppMenuItem = Pick<MenuItemConstructorOptions, 'role'>;

/** The part of Electron's Menu this uses. */
export interface MenuApi<M> {
  buildFromTemplate(template: AppMenuItem[]): M;
  setApplicationMenu(menu: M | null): void;
}

/** Electron's default template (lib/browser/default-menu.ts at v45.0.0-nightly.20260821). */
export function defaultMenuTemplate(platform: NodeJS.Platform): AppMenuItem[] {
  return [...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []), { role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }];
}

/** The menu's template, or null for no menu at all. */
export function appMenuTemplate(platform: NodeJS.Platform, isPackaged: boolean): AppMenuItem[] | null {
  if (!isPackaged) return defaultMenuTemplate(platform);
  if (platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  return null;
}

/** Sets the application menu (call once, before any window opens). */
export function setAppMenu<M>(Menu: MenuApi<M>, options: { platform: NodeJS.Platform; isPackaged: boolean }): void {
  const template = appMenuTemplate(options.platform, options.isPackaged);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
