import { eventNames, type EventMap, type EventName, type EventSource } from '../../contract/events';
import { eventChannel } from '../../contract/events';

/** Sends to the current window, if any (the window may come and go, e.g. on macOS). */
export type SendToRenderer = (channel: `event:${EventName}`, payload: EventMap[EventName]) => void;

/** Forwards every contract event to the renderer on `event:<name>`. Returns an unsubscribe. */
export function forwardEvents(events: EventSource, send: SendToRenderer): () => void {
  const unsubscribes = eventNames.map((name) => events.on(name, (payload) => send(eventChannel(name), payload)));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
