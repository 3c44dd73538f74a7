/**
 * Issue 12, defects 12/13: `npm start` used the installed app's userData, so it shared its settings
 * and quit at once while the installed app ran (the single-instance lock is taken on DIR_USER_DATA:
 * electron shell/browser/api/electron_api_app.cc, App::RequestSingleInstanceLock, at
 * v45.0.0-nightly.20260821; docs/api/app.md: userData is "the appData directory appended with your
 * app's name"; `app.isPackaged` "can be used to distinguish development and production").
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveProfile } from './profile';

const appData = path.join(path.sep, 'home', 'ada', '.config');

describe('resolveProfile', () => {
  test('a packaged build keeps Electron’s userData (appData/Flotilla)', () => {
    expect(resolveProfile({ override: undefined, isPackaged: true, appData, name: 'Flotilla' })).toBeNull();
  });

  test('a development build gets its own folder, so its settings and its lock are not the installed app’s', () => {
    const profile = resolveProfile({ override: undefined, isPackaged: false, appData, name: 'Flotilla' });
    expect(profile).toEqual({ userData: path.join(appData, 'Flotilla (development)'), logs: path.join(appData, 'Flotilla (development)', 'logs') });
    expect(profile!.userData).not.toBe(path.join(appData, 'Flotilla'));
  });

  test('FLOTILLA_USER_DATA_DIR wins in either build; blank is unset', () => {
    for (const isPackaged of [true, false]) {
      expect(resolveProfile({ override: ' /tmp/e2e ', isPackaged, appData, name: 'Flotilla' })).toEqual({ userData: path.resolve('/tmp/e2e'), logs: path.join(path.resolve('/tmp/e2e'), 'logs') });
    }
    expect(resolveProfile({ override: '  ', isPackaged: true, appData, name: 'Flotilla' })).toBeNull();
  });
});
