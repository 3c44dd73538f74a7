import path from 'node:path';
import { defaultSettingsDir, desktopDataDir, resolveSettingsLocation } from './settings-location';

describe('the one settings location', () => {
  test("the desktop app's earlier folder is Electron's appData + Flotilla on each OS", () => {
    expect(desktopDataDir({ env: {}, home: '/h', platform: 'linux' })).toBe(path.join('/h', '.config', 'Flotilla'));
    expect(desktopDataDir({ env: { XDG_CONFIG_HOME: '/x' }, home: '/h', platform: 'linux' })).toBe(path.join('/x', 'Flotilla'));
    expect(desktopDataDir({ env: {}, home: '/h', platform: 'darwin' })).toBe(path.join('/h', 'Library', 'Application Support', 'Flotilla'));
    expect(desktopDataDir({ env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, home: 'C:\\Users\\ada', platform: 'win32' })).toBe(
      path.join('C:\\Users\\ada\\AppData\\Roaming', 'Flotilla'),
    );
  });

  test("by default: conf's folder, with the desktop's settings.json, then config.json, as the earlier files", () => {
    expect(resolveSettingsLocation({ env: {}, home: '/h', platform: 'linux' })).toEqual({
      dir: path.join('/h', '.config', 'flotilla'),
      earlier: [path.join('/h', '.config', 'Flotilla', 'settings.json'), path.join('/h', '.config', 'Flotilla', 'config.json')],
    });
    expect(resolveSettingsLocation({ env: {}, home: '/h', platform: 'darwin' }).dir).toBe(defaultSettingsDir({}, '/h', 'darwin'));
  });

  test('FLOTILLA_CONFIG_DIR, then FLOTILLA_USER_DATA_DIR (its own config.json only); blank is unset', () => {
    expect(resolveSettingsLocation({ env: { FLOTILLA_CONFIG_DIR: '/c', FLOTILLA_USER_DATA_DIR: '/u' }, home: '/h', platform: 'linux' })).toEqual({
      dir: path.resolve('/c'),
      earlier: [],
    });
    expect(resolveSettingsLocation({ env: { FLOTILLA_CONFIG_DIR: ' ', FLOTILLA_USER_DATA_DIR: '/u' }, home: '/h', platform: 'linux' })).toEqual({
      dir: path.resolve('/u'),
      earlier: [path.join(path.resolve('/u'), 'config.json')],
    });
  });
});
