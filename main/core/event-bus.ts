import type { EventListener, EventMap, EventName, EventSource } from '../contract/events';

/** The core's typed event hub; hosts forward what it emits to the renderer. */
export interface EventBus extends EventSource {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

export function createEventBus(onListenerError: (event: EventName, error: unknown) => void): EventBus {
  const listeners = new Map<EventName, Set<EventListener<never>>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as EventListener<never>);
      return () => set.delete(listener as EventListener<never>);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as EventListener<typeof event>)(payload);
        } catch (error) {
          onListenerError(event, error);
        }
      }
    },
  };
}
