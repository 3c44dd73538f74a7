import type { Settings } from '../../contract/settings/dto';
import type { SettingsFeed } from '../settings-feed';

export type DesktopSettings = Pick<Settings, 'closeToTray' | 'launchAtLogin'>;

/**
 * Keeps the shell's copy of the desktop settings current (from the shell's settings feed) and
 * applies Start at login when it changes. At start it is applied only when on (to refresh the
 * entry's path): a profile that never turned it on never touches the login items.
 */
export function followDesktopSettings(input: {
  changes: Pick<SettingsFeed, 'subscribe'>;
  initial: DesktopSettings;
  applyLaunchAtLogin(enabled: boolean): Promise<void>;
  onError(error: unknown): void;
}) {
  let current: DesktopSettings = { closeToTray: input.initial.closeToTray, launchAtLogin: input.initial.launchAtLogin };
  const apply = (enabled: boolean) => input.applyLaunchAtLogin(enabled).catch(input.onError);
  if (current.launchAtLogin) void apply(true);
  const stop = input.changes.subscribe((settings) => {
    const changed = settings.launchAtLogin !== current.launchAtLogin;
    current = { closeToTray: settings.closeToTray, launchAtLogin: settings.launchAtLogin };
    if (changed) void apply(settings.launchAtLogin);
  });
  return { current: () => current, stop };
}
