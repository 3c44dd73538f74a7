import type { Notifier } from '../../core/ports';

/** The surface of Electron's `Notification` class this needs. */
export interface NotificationClass {
  new (options: { title: string; body: string }): { show(): void };
  isSupported(): boolean;
}

/**
 * Desktop notifications through Electron. Actions are not shown yet: nothing would route a click
 * back to the core (a later issue adds that), and buttons that do nothing are worse than none.
 */
export function createNotifier(Notification: NotificationClass, onUnsupported?: (title: string) => void): Notifier {
  return {
    notify({ title, body }) {
      if (!Notification.isSupported()) {
        onUnsupported?.(title);
        return;
      }
      new Notification({ title, body }).show();
    },
  };
}
