/** The tray icon over Electron's Tray, Menu and nativeImage (typed as the little this uses, so fakes can stand in). */
import type { InstanceDto } from '../../contract/instances/dto';
import { createTrayController, type TrayController, type TrayControllerDeps } from './controller';
import type { TrayMenuItem } from './menu';

export interface ImageLike {
  isEmpty(): boolean;
  setTemplateImage(option: boolean): void;
}

export interface TrayLike<M> {
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: M): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface AppTrayDeps<I extends ImageLike, M> extends Omit<TrayControllerDeps, 'surface' | 'confirmTerminate'> {
  Tray: new (image: I) => TrayLike<M>;
  Menu: { buildFromTemplate(template: TrayMenuItem[]): M };
  nativeImage: { createFromPath(path: string): I };
  platform: NodeJS.Platform;
  /** build/tray/*.png as copied to dist/shell/tray (see paths.ts). */
  icons: { template: string; colour: string };
  showMessageBox(options: ConfirmOptions): Promise<{ response: number }>;
}

export interface ConfirmOptions {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  message: string;
  detail: string;
}

/** The question Terminate… asks; button 0 terminates, Cancel is the default. */
export function terminateConfirmation(instance: InstanceDto): ConfirmOptions {
  return {
    type: 'warning',
    buttons: ['Terminate', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `Terminate ${instance.name || instance.id}?`,
    detail: `${instance.id} in ${instance.region} will be shut down and deleted with its disks. This cannot be undone.`,
  };
}

export interface AppTray {
  controller: TrayController;
  destroy(): void;
}

/**
 * Creates the tray icon (a template image on macOS, so it follows the menu bar's colours) and its
 * controller. A click on the icon shows the window on Windows and Linux; on macOS a click opens the
 * menu. Linux: Electron emits 'click' when the StatusNotifierItem host activates the icon (a single
 * or a double click, depending on the desktop: electron docs/api/tray.md, "Platform
 * Considerations → Linux"), or on GtkStatusIcon's "activate" (shell/browser/ui/status_icon_gtk.cc).
 */
export function createAppTray<I extends ImageLike, M>(deps: AppTrayDeps<I, M>): AppTray {
  const mac = deps.platform === 'darwin';
  const image = deps.nativeImage.createFromPath(mac ? deps.icons.template : deps.icons.colour);
  if (image.isEmpty()) deps.logger.warn('tray: the icon image is missing or unreadable', { path: mac ? deps.icons.template : deps.icons.colour });
  if (mac) image.setTemplateImage(true);
  const tray = new deps.Tray(image);
  if (!mac) tray.on('click', deps.showWindow);
  const controller = createTrayController({
    ...deps,
    surface: {
      setToolTip: (text) => tray.setToolTip(text),
      setTitle: (text) => {
        if (mac) tray.setTitle(text);
      },
      setMenu: (items) => tray.setContextMenu(deps.Menu.buildFromTemplate(items)),
    },
    confirmTerminate: async (instance) => (await deps.showMessageBox(terminateConfirmation(instance))).response === 0,
  });
  return {
    controller,
    destroy() {
      controller.stop();
      tray.destroy();
    },
  };
}
