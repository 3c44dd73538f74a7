import type { MessageBoxOptions, MessageBoxReturnValue, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import path from 'node:path';
import type { TerminalPicker } from '../../core/ports';

/** The parts of electron's `dialog` this needs (index.ts binds them to the window). */
export interface PickerDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>>;
  showMessageBox(options: MessageBoxOptions): Promise<Pick<MessageBoxReturnValue, 'response'>>;
}

const USE = 0;
const CANCEL = 1;

/**
 * Settings → Terminal → Choose program…: the OS's file dialog, then a message box that names the
 * program and says what Flotilla will do with it; only "Use this program" answers the path.
 * The core checks it afterwards (absolute, an existing executable file) and again at every start.
 */
export function createTerminalPicker(dialogs: PickerDialogs, { platform }: { platform: NodeJS.Platform }): TerminalPicker {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  return {
    async chooseTerminal() {
      const picked = await dialogs.showOpenDialog({
        title: 'Choose a terminal program',
        buttonLabel: 'Choose',
        properties: platform === 'darwin' ? ['openFile', 'treatPackageAsDirectory'] : ['openFile', 'dontAddToRecent'],
        ...(platform === 'darwin' ? { defaultPath: '/Applications', message: 'Inside an app, pick the program in Contents/MacOS.' } : {}),
        ...(platform === 'win32' ? { filters: [{ name: 'Programs', extensions: ['exe', 'com'] }] } : {}),
      });
      if (picked.canceled || picked.filePaths.length !== 1) return null;
      const file = picked.filePaths[0]!;
      const { response } = await dialogs.showMessageBox({
        type: 'warning',
        title: 'Use this terminal?',
        message: `Open SSH sessions with ${paths.basename(file)}?`,
        detail: `Each time you open SSH, Flotilla will start this program with the ssh command as its arguments:\n\n${file}\n\nChoose it only if it is a terminal you trust.`,
        buttons: ['Use this program', 'Cancel'],
        defaultId: CANCEL,
        cancelId: CANCEL,
        noLink: true,
      });
      return response === USE ? file : null;
    },
  };
}
