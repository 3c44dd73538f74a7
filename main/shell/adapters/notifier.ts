import type { NotificationAction, Notifier } from '../../core/ports';

/** What this passes to Electron's `new Notification(...)`. */
export interface NotificationOptionsUsed {
  title: string;
  body: string;
  /** Buttons (macOS only; other systems ignore them). */
  actions?: Array<{ type: 'button'; text: string }>;
}

/**
 * The 'action' event's first argument from Electron 42 on: the button's index is on it
 * (electron docs/api/notification.md at v45.0.0-nightly.20260821, "Event: 'action'": `details`
 * Event with `actionIndex` number; the positional `actionIndex` argument is _Deprecated_;
 * shell/browser/api/electron_api_notification.cc sets `actionIndex` on the event object).
 */
export interface NotificationActionDetails {
  actionIndex?: number;
}

/** The surface of an Electron Notification this uses. */
export interface NotificationLike {
  show(): void;
  on(event: 'action', listener: (details: NotificationActionDetails) => void): unknown;
  on(event: 'click', listener: (event: unknown) => void): unknown;
  on(event: 'close', listener: (event: unknown) => void): unknown;
  /** macOS and Windows: showing it failed (from Electron 42 on every unsigned macOS build). */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

/** The surface of Electron's `Notification` class this needs. */
export interface NotificationClass {
  new (options: NotificationOptionsUsed): NotificationLike;
  isSupported(): boolean;
}

export interface NotifierOptions {
  platform: NodeJS.Platform;
  /**
   * Runs an action's id (e.g. `open:<region>/<id>`): its button on macOS; a click on the
   * notification runs the first action everywhere.
   */
  onAction?(actionId: string): void;
  /** A click on a notification that has no action to run (e.g. to show the window). */
  onClick?(): void;
  onUnsupported?(title: string): void;
  /**
   * The first notification that failed to show ('failed' event), told once. That one is reported
   * through onUnsupported; on macOS so is every later one, which is no longer shown.
   */
  onFailed?(error: string): void;
}

/** Notifications kept alive until dismissed: Electron drops the handlers of one that is garbage collected. */
const MAX_LIVE = 50;

/**
 * Desktop notifications through Electron, with their actions: on macOS each action is a button
 * ('action' event, by its details' actionIndex), and a click on the notification itself runs the
 * first one, as elsewhere: a banner shows its buttons only on hover, and only the alert style
 * (electron-builder.yml mac.extendInfo NSUserNotificationAlertStyle) keeps them on screen.
 * Elsewhere there are no buttons, so a click runs the first action and the body says so. A notification that fails to show ('failed') is told
 * once (onFailed) and reported through onUnsupported; on macOS that turns them off for the session.
 */
export function createNotifier(Notification: NotificationClass, options: NotifierOptions): Notifier {
  const live = new Set<NotificationLike>();
  const buttons = options.platform === 'darwin';
  // Electron 42+ on macOS uses UNNotification, which needs a code-signed app: an unsigned build
  // gets a 'failed' event for every notification (electron docs/breaking-changes.md at
  // v45.0.0-nightly.20260821, 42.0 "macOS notifications now use `UNNotification` API").
  // So on macOS one failure means they all will: stop trying. On Windows a failure may be passing
  // (e.g. no Start Menu shortcut yet): keep trying, tell it once.
  let failed = false;
  const stopAfterFailure = options.platform === 'darwin';
  return {
    notify({ title, body, actions = [] }) {
      if ((failed && stopAfterFailure) || !Notification.isSupported()) {
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
      notification.on('action', (details) => {
        done();
        const index = details?.actionIndex;
        const action = typeof index === 'number' ? runnable[index] : undefined;
        if (action) options.onAction?.(action.id);
      });
      notification.on('click', () => {
        done();
        // macOS: a click on the body is UNNotificationDefaultActionIdentifier → 'click', a button
        // is 'action' (electron shell/browser/notifications/mac/notification_center_delegate.mm).
        if (first) options.onAction?.(first.id);
        else options.onClick?.();
      });
      notification.on('close', done);
      notification.on('failed', (_event, error) => {
        done();
        if (!failed) {
          failed = true;
          options.onFailed?.(error);
        }
        options.onUnsupported?.(title);
      });
      live.add(notification);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
      notification.show();
    },
  };
}
