import type { EventListener, EventMap, EventName, EventSource } from '../contract/events';

/**
 * Sends one of the events `M` names (a service's slice of the contract's EventMap, e.g.
 * InstancesEventMap), its payload typed by the contract. The bus's own emit is one, so a service is
 * handed `events.emit` as it is, with no cast.
 */
export type Emit<M = EventMap> = <E extends keyof M & EventName>(event: E, payload: EventMap[E]) => void;

/** Subscribes to one of the events `M` names; answers the unsubscribe. */
export type Subscribe<M = EventMap> = <E extends keyof M & EventName>(event: E, listener: EventListener<E>) => () => void;

/** The core's typed event hub; hosts forward what it emits to the renderer. */
export interface EventBus extends EventSource {
  emit: Emit<EventMap>;
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
