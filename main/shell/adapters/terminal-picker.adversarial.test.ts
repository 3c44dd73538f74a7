/**
 * Issue 11 item 3, the desktop half: a custom terminal program is set only after the user picked
 * it in the OS's file dialog AND confirmed it in a message box naming it. Esc, closing the box or
 * Enter on the default button cancel (the default is Cancel).
 *
 * Electron docs/api/dialog.md (v40.10.2; v45.0.0-nightly.20260821 adds only history notes and
 * wording): showOpenDialog([window, ]options) resolves `{ canceled, filePaths }` ("If the dialog is
 * cancelled this will be an empty array"); properties `openFile`, `treatPackageAsDirectory` (macOS:
 * "Treat packages, such as .app folders, as a directory"), `dontAddToRecent` (Windows).
 * showMessageBox resolves `{ response }`, "The index of the clicked button"; `cancelId` is "the
 * button to be used to cancel the dialog, via the Esc key"; `defaultId` is selected by default;
 * `noLink` keeps Windows from turning buttons into command links.
 */
import type { MessageBoxOptions, OpenDialogOptions } from 'electron';
import { createTerminalPicker } from './terminal-picker';

function dialogs(picked: { canceled: boolean; filePaths: string[] }, response: number) {
  const opened: OpenDialogOptions[] = [];
  const boxes: MessageBoxOptions[] = [];
  return {
    opened,
    boxes,
    showOpenDialog: async (options: OpenDialogOptions) => (opened.push(options), picked),
    showMessageBox: async (options: MessageBoxOptions) => (boxes.push(options), { response, checkboxChecked: false }),
  };
}

describe('createTerminalPicker', () => {
  test('answers the program only once the user confirmed it by name', async () => {
    const d = dialogs({ canceled: false, filePaths: ['/opt/term/bin/myterm'] }, 0);
    expect(await createTerminalPicker(d, { platform: 'linux' }).chooseTerminal()).toBe('/opt/term/bin/myterm');
    expect(d.opened[0]).toMatchObject({ properties: ['openFile', 'dontAddToRecent'] });
    const box = d.boxes[0]!;
    expect(box.message).toContain('myterm');
    expect(box.detail).toContain('/opt/term/bin/myterm');
    expect(box.buttons).toHaveLength(2);
    expect(box).toMatchObject({ defaultId: 1, cancelId: 1, noLink: true, type: 'warning' });
  });

  test('cancelled file dialog: null, and no confirmation asked', async () => {
    const d = dialogs({ canceled: true, filePaths: [] }, 0);
    expect(await createTerminalPicker(d, { platform: 'linux' }).chooseTerminal()).toBeNull();
    expect(d.boxes).toEqual([]);
  });

  test('not confirmed (Cancel, Esc): null', async () => {
    const d = dialogs({ canceled: false, filePaths: ['/opt/term/bin/myterm'] }, 1);
    expect(await createTerminalPicker(d, { platform: 'linux' }).chooseTerminal()).toBeNull();
  });

  test('an unexpected answer counts as no', async () => {
    for (const response of [-1, 2, 99]) {
      const d = dialogs({ canceled: false, filePaths: ['/opt/term/bin/myterm'] }, response);
      expect(await createTerminalPicker(d, { platform: 'linux' }).chooseTerminal()).toBeNull();
    }
  });

  test('more than one file, or none: null', async () => {
    expect(await createTerminalPicker(dialogs({ canceled: false, filePaths: ['/a', '/b'] }, 0), { platform: 'linux' }).chooseTerminal()).toBeNull();
    expect(await createTerminalPicker(dialogs({ canceled: false, filePaths: [] }, 0), { platform: 'linux' }).chooseTerminal()).toBeNull();
  });

  test('macOS lets the user go inside an .app; Windows offers programs only', async () => {
    const mac = dialogs({ canceled: true, filePaths: [] }, 1);
    await createTerminalPicker(mac, { platform: 'darwin' }).chooseTerminal();
    expect(mac.opened[0]?.properties).toContain('treatPackageAsDirectory');
    const windows = dialogs({ canceled: true, filePaths: [] }, 1);
    await createTerminalPicker(windows, { platform: 'win32' }).chooseTerminal();
    expect(windows.opened[0]?.filters).toEqual([{ name: 'Programs', extensions: ['exe', 'com'] }]);
  });
});
