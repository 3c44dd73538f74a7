import type { NotificationClass, NotificationOptionsUsed } from './notifier';

/** A notification the fake showed, and a way to click it, one of its buttons, or fail it. */
export type Shown = {
  options: NotificationOptionsUsed;
  /**
   * As Electron 45 emits them: 'action' with a details event carrying actionIndex and selectionIndex,
   * then the deprecated positional indexes (electron shell/browser/api/electron_api_notification.cc,
   * NotificationAction: EmitWithoutEvent("action", event_object, action_index, selection_index));
   * 'failed' with an event and the error string (NotificationFailed: Emit("failed", error)).
   */
  emit(event: 'action' | 'click' | 'close', index?: number): void;
  emitFailed(error: string): void;
  /** Calls the listener with exactly these arguments. */
  emitRaw(event: string, ...args: unknown[]): void;
};

/** A stand-in for Electron's Notification that records what was shown and lets a test click it. */
export function fakeNotificationClass(supported = true) {
  const shown: Shown[] = [];
  const Notification = class {
    private readonly listeners = new Map<string, (...args: never[]) => void>();
    constructor(readonly options: NotificationOptionsUsed) {}
    static isSupported() {
      return supported;
    }
    on(event: string, listener: (...args: never[]) => void) {
      this.listeners.set(event, listener);
      return this;
    }
    show() {
      const call = (event: string, ...args: unknown[]) => (this.listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
      shown.push({
        options: this.options,
        emit: (event, index = 0) => (event === 'action' ? call(event, { actionIndex: index, selectionIndex: -1 }, index, -1) : call(event, {})),
        emitFailed: (error) => call('failed', {}, error),
        emitRaw: call,
      });
    }
  } satisfies NotificationClass;
  return { Notification, shown };
}
