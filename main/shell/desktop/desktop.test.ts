import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../contract/dto/settings';
import { shownMode } from '../../core/settings/settings.test-helpers';
import { FakeEmitter, fakeEvent } from '../security/fakes.test-helpers';
import type { SettingsFeed } from '../settings-feed';
import { createCloseToTray, startsHidden } from './close-to-tray';
import { followDesktopSettings } from './desktop-settings';
import { applyLaunchAtLogin } from './launch-at-login';
import { autostartCommand, autostartFile, desktopEntry, desktopExecArg, desktopExecLine, setXdgAutostart } from './xdg-autostart';

class FakeWindow extends FakeEmitter {
  hidden = 0;
  hide() {
    this.hidden++;
  }
}

describe('close to tray', () => {
  test('closing hides the window while enabled; once quitting, it closes', () => {
    const app = new FakeEmitter();
    let enabled = true;
    const closeToTray = createCloseToTray(app, { enabled: () => enabled });
    const window = new FakeWindow();
    closeToTray.attach(window);

    const first = fakeEvent();
    window.emit('close', first);
    expect(first.prevented).toBe(true);
    expect(window.hidden).toBe(1);

    enabled = false;
    const second = fakeEvent();
    window.emit('close', second);
    expect(second.prevented).toBe(false);

    enabled = true;
    app.emit('before-quit');
    const third = fakeEvent();
    window.emit('close', third);
    expect(third.prevented).toBe(false);
    expect(closeToTray.isQuitting()).toBe(true);
  });

  test('allowQuit lets an updater close the window before before-quit', () => {
    const closeToTray = createCloseToTray(new FakeEmitter(), { enabled: () => true });
    const window = new FakeWindow();
    closeToTray.attach(window);
    closeToTray.allowQuit();
    const event = fakeEvent();
    window.emit('close', event);
    expect(event.prevented).toBe(false);
  });

  test('--hidden starts in the tray', () => {
    expect(startsHidden(['/opt/Flotilla/flotilla', '--hidden'])).toBe(true);
    expect(startsHidden(['/opt/Flotilla/flotilla'])).toBe(false);
  });
});

describe('launch at login', () => {
  test('a login item on macOS and Windows (hidden on Windows), the XDG entry on Linux', async () => {
    const app = { setLoginItemSettings: vi.fn() };
    const xdgAutostart = vi.fn(async () => {});
    await applyLaunchAtLogin(true, { platform: 'darwin', app, isPackaged: true, xdgAutostart });
    await applyLaunchAtLogin(false, { platform: 'win32', app, isPackaged: true, xdgAutostart });
    expect(app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false, args: ['--hidden'] }]]);
    await applyLaunchAtLogin(true, { platform: 'linux', app, isPackaged: true, xdgAutostart });
    expect(xdgAutostart).toHaveBeenCalledWith(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledTimes(2);
  });

  // Issue 12, defect 13. electron docs/api/app.md `app.setLoginItemSettings` (v45.0.0-nightly.20260821):
  // Windows `path` "Defaults to `process.execPath`" (the bare Electron binary in development);
  // macOS "When an app isn't packaged, code signed, and notarized, `openAtLogin` may silently fail".
  test.each(['darwin', 'win32', 'linux'] as const)('a development build (%s) registers and removes nothing, and says so', async (platform) => {
    const app = { setLoginItemSettings: vi.fn() };
    const xdgAutostart = vi.fn(async () => {});
    const onSkipped = vi.fn();
    await applyLaunchAtLogin(true, { platform, app, isPackaged: false, xdgAutostart, onSkipped });
    await applyLaunchAtLogin(false, { platform, app, isPackaged: false, xdgAutostart, onSkipped });
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(xdgAutostart).not.toHaveBeenCalled();
    expect(onSkipped.mock.calls).toEqual([[true], [false]]);
  });
});

describe('XDG autostart', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'flotilla-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  test('~/.config/autostart/flotilla.desktop, or under XDG_CONFIG_HOME', () => {
    expect(autostartFile({}, home)).toBe(path.join(home, '.config', 'autostart', 'flotilla.desktop'));
    expect(autostartFile({ XDG_CONFIG_HOME: '/srv/conf' }, home)).toBe(path.join('/srv/conf', 'autostart', 'flotilla.desktop'));
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, home)).toBe(path.join(home, '.config', 'autostart', 'flotilla.desktop'));
  });

  test('writes the entry in a temporary HOME and removes it again', async () => {
    const file = autostartFile({}, home);
    await setXdgAutostart(true, file, ['/opt/Flotilla/flotilla', '--hidden']);
    expect(readFileSync(file, 'utf8')).toBe(
      '[Desktop Entry]\nType=Application\nName=Flotilla\nComment=Short-lived EC2 instances, in the tray\nExec=/opt/Flotilla/flotilla --hidden\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    expect(statSync(file).mode & 0o777).toBe(shownMode(0o644));
    await setXdgAutostart(true, file, ['/opt/Flotilla 2/flotilla']);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Flotilla 2/flotilla"\n');
    await setXdgAutostart(false, file, []);
    expect(existsSync(file)).toBe(false);
    await setXdgAutostart(false, file, []); // already gone: fine
  });

  test('Exec quoting: reserved characters quoted and escaped, % doubled, backslashes escaped again in the file', () => {
    expect(desktopExecArg('/usr/bin/flotilla')).toBe('/usr/bin/flotilla');
    expect(desktopExecArg('/home/ada/My Apps/$x`y`"z"')).toBe('"/home/ada/My Apps/\\$x\\`y\\`\\"z\\""');
    expect(desktopExecArg('100%')).toBe('100%%');
    expect(desktopExecArg('')).toBe('""');
    expect(desktopExecLine(['/a\\b c'])).toBe('"/a\\\\\\\\b c"');
    expect(() => desktopExecArg('/a\nb')).toThrow(/control character/);
    expect(desktopEntry(['x']).split('\n').filter((l) => l.startsWith('Exec='))).toEqual(['Exec=x']);
  });

  test('the command: the AppImage, the packaged executable, or electron with the app folder', () => {
    const base = { execPath: '/opt/Flotilla/flotilla', appPath: '/home/ada/flotilla', extraArgs: ['--hidden'] };
    expect(autostartCommand({ ...base, isPackaged: true, env: { APPIMAGE: '/home/ada/Apps/Flotilla.AppImage' } })).toEqual(['/home/ada/Apps/Flotilla.AppImage', '--hidden']);
    expect(autostartCommand({ ...base, isPackaged: true, env: {} })).toEqual(['/opt/Flotilla/flotilla', '--hidden']);
    expect(autostartCommand({ ...base, isPackaged: false, env: {} })).toEqual(['/opt/Flotilla/flotilla', '/home/ada/flotilla', '--hidden']);
  });
});

describe('followDesktopSettings', () => {
  function events() {
    const listeners: Array<(settings: Settings) => void> = [];
    const source: Pick<SettingsFeed, 'subscribe'> = {
      subscribe(listener) {
        listeners.push(listener);
        return () => void listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const emit = (settings: Partial<Settings>) => {
      for (const l of [...listeners]) l(settings as Settings);
    };
    return { source, emit, listeners };
  }

  test('applies Start at login when it changes (and at start only when on); tracks Close to tray', async () => {
    const { source, emit, listeners } = events();
    const apply = vi.fn(async () => {});
    const follow = followDesktopSettings({ changes: source, initial: { closeToTray: true, launchAtLogin: false }, applyLaunchAtLogin: apply, onError: vi.fn() });
    expect(apply).not.toHaveBeenCalled();
    emit({ closeToTray: false, launchAtLogin: false });
    expect(follow.current()).toEqual({ closeToTray: false, launchAtLogin: false });
    expect(apply).not.toHaveBeenCalled();
    emit({ closeToTray: false, launchAtLogin: true });
    emit({ closeToTray: true, launchAtLogin: true });
    emit({ closeToTray: true, launchAtLogin: false });
    expect(apply.mock.calls).toEqual([[true], [false]]);
    follow.stop();
    expect(listeners).toHaveLength(0);

    const again = vi.fn(async () => {});
    followDesktopSettings({ changes: source, initial: { closeToTray: true, launchAtLogin: true }, applyLaunchAtLogin: again, onError: vi.fn() });
    expect(again.mock.calls).toEqual([[true]]);
  });

  test('a failure to apply is reported, not thrown', async () => {
    const { source, emit } = events();
    const onError = vi.fn();
    followDesktopSettings({ changes: source, initial: { closeToTray: true, launchAtLogin: false }, applyLaunchAtLogin: async () => Promise.reject(new Error('EACCES')), onError });
    emit({ closeToTray: true, launchAtLogin: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'EACCES' }));
  });
});
