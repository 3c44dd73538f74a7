import { projectsEventNames, type ProjectsEventMap } from './projects/events';
import { settingsEventNames, type SettingsEventMap } from './settings/events';
import { credentialsEventNames, type CredentialsEventMap } from './credentials/events';
import { instancesEventNames, type InstancesEventMap } from './instances/events';
import { revisionsEventNames, type RevisionsEventMap } from './revisions/events';
import { agentsEventNames, type AgentsEventMap } from './agents/events';

/** Every event main sends the renderer, with its payload: each service's events.ts, merged. */
export interface EventMap extends ProjectsEventMap, SettingsEventMap, CredentialsEventMap, InstancesEventMap, RevisionsEventMap, AgentsEventMap {}

export type EventName = keyof EventMap;

export const eventNames = [
  ...projectsEventNames,
  ...settingsEventNames,
  ...instancesEventNames,
  ...revisionsEventNames,
  ...agentsEventNames,
  ...credentialsEventNames,
] as const satisfies readonly EventName[];

type MissingEvent = Exclude<EventName, (typeof eventNames)[number]>;
// If this line fails to compile, an event of EventMap is missing from `eventNames`.
export const eventNamesComplete: [MissingEvent] extends [never] ? true : MissingEvent = true;

export function isEventName(value: string): value is EventName {
  return (eventNames as readonly string[]).includes(value);
}

export type EventListener<E extends EventName> = (payload: EventMap[E]) => void;

/** What a host subscribes to: the core's events, typed by EventMap. */
export interface EventSource {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** The IPC channel main sends an event's payload on; the preload listens on the same one. */
export function eventChannel(event: EventName): `event:${EventName}` {
  return `event:${event}`;
}
