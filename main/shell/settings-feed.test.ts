import type { Settings, SettingsView } from '../contract/settings/dto';
import { followDesktopSettings } from './desktop/desktop-settings';
import { createSettingsFeed } from './settings-feed';
import { FakeEvents } from './tray/fakes.test-helpers';
import { autoUpdateSettingOf } from './updater';

const view = (settings: Partial<Settings>): SettingsView => ({ settings: { closeToTray: true, launchAtLogin: false, autoUpdate: true, ...settings } as Settings, file: 'f', warnings: [] });

describe('createSettingsFeed: the shell follows settings.changed once', () => {
  test('one subscription to the core feeds the desktop settings and the updater alike', () => {
    const events = new FakeEvents();
    const feed = createSettingsFeed(events, { error: vi.fn() });
    const desktop = followDesktopSettings({ changes: feed, initial: { closeToTray: true, launchAtLogin: false }, applyLaunchAtLogin: async () => {}, onError: vi.fn() });
    const autoUpdate: boolean[] = [];
    const core = { api: { settings: { get: async () => view({}) } } } as never;
    autoUpdateSettingOf(core, feed).subscribe((enabled) => autoUpdate.push(enabled));
    expect(events.listenerCount('settings.changed')).toBe(1);

    events.emit('settings.changed', view({ closeToTray: false, autoUpdate: false }));
    expect(desktop.current().closeToTray).toBe(false);
    expect(autoUpdate).toEqual([false]);

    desktop.stop();
    feed.stop();
    expect(events.count()).toBe(0);
  });

  test('a follower that throws is logged and does not keep the change from the others', () => {
    const events = new FakeEvents();
    const error = vi.fn();
    const feed = createSettingsFeed(events, { error });
    const seen: Array<boolean | null> = [];
    feed.subscribe(() => {
      throw new Error('boom');
    });
    const unsubscribe = feed.subscribe((settings) => seen.push(settings.closeToTray));
    events.emit('settings.changed', view({ closeToTray: false }));
    expect(seen).toEqual([false]);
    expect(error).toHaveBeenCalledWith('a settings.changed follower threw', { error: expect.stringContaining('boom') });
    unsubscribe();
    events.emit('settings.changed', view({ closeToTray: true }));
    expect(seen).toEqual([false]);
  });
});
