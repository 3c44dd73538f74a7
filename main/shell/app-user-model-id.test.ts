import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_USER_MODEL_ID, setWindowsAppUserModelId } from './app-user-model-id';

// Windows shows a toast only when the process's AUMID matches the Start Menu shortcut's
// (electron docs/tutorial/notifications.md, "Windows"); the NSIS shortcut carries electron-builder's
// appId (app-builder-lib 26.17 templates/nsis/include/installer.nsh, WinShell::SetLnkAUMI "${APP_ID}").
// That the constant equals electron-builder.yml's appId is checked in test/packaging.
describe('setWindowsAppUserModelId', () => {
  test('sets the installer shortcut’s AUMID on Windows', () => {
    const setAppUserModelId = vi.fn();
    setWindowsAppUserModelId({ setAppUserModelId }, 'win32');
    expect(setAppUserModelId).toHaveBeenCalledWith('dev.flotilla.app');
    expect(APP_USER_MODEL_ID).toBe('dev.flotilla.app');
  });

  test.each(['linux', 'darwin'] as const)('does nothing on %s', (platform) => {
    const setAppUserModelId = vi.fn();
    setWindowsAppUserModelId({ setAppUserModelId }, platform);
    expect(setAppUserModelId).not.toHaveBeenCalled();
  });

  test('is called by the shell entry at its top level, before any notifier is created', () => {
    const entry = readFileSync(path.join(import.meta.dirname, 'index.ts'), 'utf8');
    const call = entry.indexOf('setWindowsAppUserModelId(app)');
    expect(call).toBeGreaterThan(-1);
    expect(call).toBeLessThan(entry.indexOf('function start('));
    expect(call).toBeLessThan(entry.indexOf('createNotifier('));
  });
});
