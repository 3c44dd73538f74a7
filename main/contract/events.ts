import type { ProjectSummary } from './dto/projects';
import type { SettingsView } from './dto/settings';
import { instancesEventNames, type InstancesEventMap } from './instances-api';
import { revisionsEventNames, type RevisionsEventMap } from './revisions-api';
import { agentsEventNames, type AgentsEventMap } from './agents-api';
import { credentialsEventNames, type CredentialsEventMap } from './credentials-events';

/** Every event main sends the renderer, with its payload. */
export interface EventMap extends InstancesEventMap, RevisionsEventMap, AgentsEventMap, CredentialsEventMap {
  'projects.changed': { projects: ProjectSummary[] };
  'settings.changed': SettingsView;
}

export type EventName = keyof EventMap;

export const eventNames = ['projects.changed', 'settings.changed', ...instancesEventNames, ...revisionsEventNames, ...agentsEventNames, ...credentialsEventNames] as const satisfies readonly EventName[];

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
