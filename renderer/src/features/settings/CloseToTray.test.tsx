import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { AppInfo } from '@contract/app/dto';
import type { TrayStatus } from '@contract/tray';
import { CloseToTrayField, closeToTrayText } from './CloseToTray';

// The details below are the shell's own (main/shell/desktop/tray-host.ts probeTrayHost).
const SHOWN: TrayStatus = { status: 'shown', detail: 'This desktop shows tray icons (a StatusNotifierItem host is registered with org.kde.StatusNotifierWatcher).' };
const NO_HOST: TrayStatus = {
  status: 'no-host',
  detail:
    'No system tray was found on this desktop (nothing owns org.kde.StatusNotifierWatcher on the session bus). GNOME shows tray icons only with the “AppIndicator and KStatusNotifierItem Support” extension; start Flotilla again after turning it on.',
};
const UNKNOWN: TrayStatus = { status: 'unknown', detail: 'Could not ask the session bus whether this desktop shows tray icons: Cannot autolaunch D-Bus without X11 $DISPLAY.' };
const desktop = (tray: TrayStatus): Pick<AppInfo, 'mode' | 'tray'> => ({ mode: 'desktop', tray });

describe('closeToTrayText', () => {
  test('automatic where the icon is shown: on, and why', () => {
    expect(closeToTrayText(null, desktop(SHOWN))).toEqual({
      automatic: 'Automatic: keep running in the tray',
      hint: `Closing the window keeps Flotilla running in the tray. ${SHOWN.detail}`,
      detail: null,
      warning: null,
    });
    expect(closeToTrayText(null, desktop({ status: 'shown', detail: 'macOS shows the icon in the menu bar.' })).hint).toBe(
      'Closing the window keeps Flotilla running in the tray. macOS shows the icon in the menu bar.',
    );
  });

  test('automatic on GNOME without the extension: off, saying why and what to install', () => {
    expect(closeToTrayText(null, desktop(NO_HOST))).toEqual({
      automatic: 'Automatic: quit Flotilla',
      hint: 'No system tray was found on this desktop (GNOME needs the “AppIndicator and KStatusNotifierItem Support” extension), so closing the window quits Flotilla.',
      detail: NO_HOST.detail,
      warning: null,
    });
    expect(closeToTrayText(null, desktop(UNKNOWN)).hint).toBe('Flotilla could not tell whether this desktop shows tray icons, so closing the window quits Flotilla.');
  });

  test('turned on without a tray host: respected, with a warning', () => {
    const text = closeToTrayText(true, desktop(NO_HOST));
    expect(text.hint).toBe('Closing the window keeps Flotilla running in the tray.');
    expect(text.warning).toBe(
      'No system tray was found on this desktop (GNOME needs the “AppIndicator and KStatusNotifierItem Support” extension): a closed window may have no icon to come back through. Start Flotilla again to bring it back, or choose Automatic.',
    );
    expect(closeToTrayText(true, desktop(UNKNOWN)).warning).toMatch(/^Flotilla could not tell whether this desktop shows tray icons: /);
    expect(closeToTrayText(true, desktop(SHOWN)).warning).toBeNull();
  });

  test('turned off: quits, no warning; no tray icon at all: quits even when turned on', () => {
    expect(closeToTrayText(false, desktop(SHOWN))).toMatchObject({ hint: 'Closing the window quits Flotilla.', warning: null });
    expect(closeToTrayText(false, desktop(NO_HOST))).toMatchObject({ hint: 'Closing the window quits Flotilla.', warning: null });
    const none = desktop({ status: 'none', detail: 'Flotilla could not create its tray icon (no status notifier).' });
    expect(closeToTrayText(true, none)).toMatchObject({ hint: 'Flotilla has no tray icon, so closing the window quits Flotilla.', detail: none.tray.detail, warning: null });
  });

  test('browser mode: the shell has no tray; says the desktop app decides', () => {
    const browser = { mode: 'browser' as const, tray: { status: 'none' as const, detail: 'Browser mode has no tray icon; Close to tray applies to the desktop app.' } };
    expect(closeToTrayText(null, browser)).toEqual({ automatic: 'Automatic (the desktop app decides)', hint: browser.tray.detail, detail: null, warning: null });
  });
});

function Harness({ initial, info, onChange }: { initial: boolean | null; info: Pick<AppInfo, 'mode' | 'tray'>; onChange(v: boolean | null): void }) {
  const [value, setValue] = useState(initial);
  return (
    <CloseToTrayField
      value={value}
      info={info}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
    />
  );
}

describe('CloseToTrayField', () => {
  test('GNOME without the extension: Automatic means quit and says why; turning it on warns; Automatic again clears the warning', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<Harness initial={null} info={desktop(NO_HOST)} onChange={onChange} />);
    const select = screen.getByRole('combobox', { name: 'When the window is closed' });
    expect(select).toHaveValue('auto');
    expect(screen.getByRole('option', { name: 'Automatic: quit Flotilla' })).toBeInTheDocument();
    expect(select).toHaveAccessibleDescription(
      'No system tray was found on this desktop (GNOME needs the “AppIndicator and KStatusNotifierItem Support” extension), so closing the window quits Flotilla.',
    );
    expect(screen.queryByRole('note')).not.toBeInTheDocument();

    await user.selectOptions(select, 'tray');
    expect(onChange).toHaveBeenLastCalledWith(true);
    expect(screen.getByRole('note')).toHaveTextContent(/a closed window may have no icon to come back through/);

    await user.selectOptions(select, 'quit');
    expect(onChange).toHaveBeenLastCalledWith(false);
    await user.selectOptions(select, 'auto');
    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  test('a desktop that shows the icon: Automatic keeps running in the tray', () => {
    render(<Harness initial={null} info={desktop(SHOWN)} onChange={vi.fn()} />);
    expect(screen.getByRole('option', { name: 'Automatic: keep running in the tray' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'When the window is closed' })).toHaveAccessibleDescription(expect.stringMatching(/^Closing the window keeps Flotilla running in the tray\. /));
  });
});
