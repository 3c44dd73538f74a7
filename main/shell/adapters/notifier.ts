import type { NotificationAction, Notifier } from '../../core/ports';

/** What this passes to Electron's `new Notification(...)`. */
export interface NotificationOptionsUsed {
  title: string;
  body: string;
  /** Buttons (macOS only; other systems ignore them). */
  actions?: Array<{ type: 'button'; text: string }>;
}

/** The surface of an Electron Notification this uses. */
export interface NotificationLike {
  show(): void;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'click', listener: (event: unknown) => void): unknown;
  on(event: 'close', listener: (event: unknown) => void): unknown;
}

/** The surface of Electron's `Notification` class this needs. */
export interface NotificationClass {
  new (options: NotificationOptionsUsed): NotificationLike;
  isSupported(): boolean;
}

export interface NotifierOptions {
  platform: NodeJS.Platform;
  /** Runs an action's id (e.g. `open:<region>/<id>`): a button on macOS, a click elsewhere. */
  onAction?(actionId: string): void;
  /** A click on a notification that has no action to run (e.g. to show the window). */
  onClick?(): void;
  onUnsupported?(title: string): void;
}

/** Notifications kept alive until dismissed: Electron drops the handlers of one that is garbage collected. */
const MAX_LIVE = 50;

/**
 * Desktop notifications through Electron, with their actions: on macOS each action is a button
 * ('action' event, by index); elsewhere there are no buttons, so a click runs the first action
 * and the body says so.
 */
export function createNotifier(Notification: NotificationClass, options: NotifierOptions): Notifier {
  const live = new Set<NotificationLike>();
  const buttons = options.platform === 'darwin';
  return {
    notify({ title, body, actions = [] }) {
      if (!Notification.isSupported()) {
        options.onUnsupported?.(title);
        return;
      }
      const runnable: NotificationAction[] = options.onAction ? actions : [];
      const first = runnable[0];
      const shown: NotificationOptionsUsed =
        buttons && runnable.length > 0
          ? { title, body, actions: runnable.map((a) => ({ type: 'button', text: a.label })) }
          : { title, body: first ? `${body}\nClick to ${first.label.toLowerCase()}.` : body };
      const notification = new Notification(shown);
      const done = () => live.delete(notification);
      notification.on('action', (_event, index) => {
        done();
        const action = runnable[index];
        if (action) options.onAction?.(action.id);
      });
      notification.on('click', () => {
        done();
        if (!buttons && first) options.onAction?.(first.id);
        else options.onClick?.();
      });
      notification.on('close', done);
      live.add(notification);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      notification.show();
    },
  };
}
