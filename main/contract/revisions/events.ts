import type { RevisionsChangedEvent, SpoolDoneEvent, SpoolProgressEvent } from './dto';

/** Every event the Revisions capability emits, with its payload. */
export interface RevisionsEventMap {
  'revisions.spoolProgress': SpoolProgressEvent;
  'revisions.spoolDone': SpoolDoneEvent;
  /** After a spool, a bless or a roll back: every window showing the package reloads it. */
  'revisions.changed': RevisionsChangedEvent;
}

export type RevisionsEventName = keyof RevisionsEventMap;

export const revisionsEventNames = ['revisions.spoolProgress', 'revisions.spoolDone', 'revisions.changed'] as const satisfies readonly RevisionsEventName[];
