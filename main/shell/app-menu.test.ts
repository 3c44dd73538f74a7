/**
 * Issue 12, defect 15: packaged builds shipped Electron's default menu, whose View menu has
 * Reload, Force Reload and Toggle Developer Tools.
 *
 * electron lib/browser/default-menu.ts at v45.0.0-nightly.20260821 (the newest v45 ref in the
 * mirror): the default template is appMenu (macOS), fileMenu, editMenu, viewMenu, windowMenu, set on
 * app 'will-finish-launching' (lib/browser/init.ts) unless Menu.setApplicationMenu was called
 * (lib/browser/api/menu.ts calls setApplicationMenuWasSet). lib/browser/api/menu-item-roles.ts:
 * viewMenu = reload, forceReload, toggleDevTools, resetZoom, zoomIn, zoomOut, togglefullscreen.
 * docs/api/menu.md `Menu.setApplicationMenu(menu)`: "Passing `null` will suppress the default menu.
 * On Windows and Linux, this has the additional effect of removing the menu bar from the window."
 */
import { describe, expect, test } from 'vitest';
import { appMenuTemplate, defaultMenuTemplate, setAppMenu, type AppMenuItem } from './app-menu';

/** Electron's Menu as setAppMenu uses it: records what was set. */
function fakeMenu() {
  const set: Array<{ items: AppMenuItem[] } | null> = [];
  return {
    set,
    Menu: {
      buildFromTemplate: (items: AppMenuItem[]) => ({ items }),
      setApplicationMenu: (menu: { items: AppMenuItem[] } | null) => void set.push(menu),
    },
  };
}
const roles = (items: AppMenuItem[] | null | undefined) => (items ?? []).map((item) => item.role);
/** What the viewMenu role expands to (menu-item-roles.ts): the items a user must not get. */
const DEV_ROLES = ['viewMenu', 'reload', 'forceReload', 'toggleDevTools'];

describe('application menu', () => {
  test('packaged, macOS: app, Edit and Window menus only (no View menu: no Reload, no DevTools)', () => {
    const { Menu, set } = fakeMenu();
    setAppMenu(Menu, { platform: 'darwin', isPackaged: true });
    expect(set).toHaveLength(1);
    expect(roles(set[0]?.items)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
    for (const role of DEV_ROLES) expect(roles(set[0]?.items)).not.toContain(role);
  });

  test.each(['win32', 'linux'] as const)('packaged, %s: no menu at all (null suppresses the default and the menu bar)', (platform) => {
    const { Menu, set } = fakeMenu();
    setAppMenu(Menu, { platform, isPackaged: true });
    expect(set).toEqual([null]);
  });

  test.each(['darwin', 'win32', 'linux'] as const)('development build, %s: Electron’s default menu, DevTools included', (platform) => {
    const { Menu, set } = fakeMenu();
    setAppMenu(Menu, { platform, isPackaged: false });
    expect(roles(set[0]?.items)).toEqual(roles(defaultMenuTemplate(platform)));
    expect(roles(set[0]?.items)).toContain('viewMenu');
  });

  test('the default template is Electron’s own', () => {
    expect(roles(defaultMenuTemplate('darwin'))).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'windowMenu']);
    expect(roles(defaultMenuTemplate('linux'))).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu']);
    expect(appMenuTemplate('linux', true)).toBeNull();
  });
});
