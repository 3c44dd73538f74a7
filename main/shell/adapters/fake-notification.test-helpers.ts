import type { NotificationClass, NotificationOptionsUsed } from './notifier';

/** A notification the fake showed, and a way to click it or one of its buttons. */
export type Shown = { options: NotificationOptionsUsed; emit(event: 'action' | 'click' | 'close', index?: number): void };

/** A stand-in for Electron's Notification that records what was shown and lets a test click it. */
export function fakeNotificationClass(supported = true) {
  const shown: Shown[] = [];
  const Notification = class {
    private readonly listeners = new Map<string, (event: unknown, index: number) => void>();
    constructor(readonly options: NotificationOptionsUsed) {}
    static isSupported() {
      return supported;
    }
    on(event: string, listener: (event: unknown, index: number) => void) {
      this.listeners.set(event, listener);
      return this;
    }
    show() {
      shown.push({ options: this.options, emit: (event, index = 0) => this.listeners.get(event)?.({}, index) });
    }
  } satisfies NotificationClass;
  return { Notification, shown };
}
