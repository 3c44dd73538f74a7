import { vi } from 'vitest';
import { fakeClientApi } from '../../../test/support/fake-api';
import type { ContractClient } from '../api/client';
import type { AppInfo } from '@contract/app/dto';
import type { PreviewResult, ProjectDetail, ProjectSummary } from '@contract/projects/dto';
import { fail, ok, type Result } from '@contract/errors';
import type { EventListener, EventMap, EventName } from '@contract/events';
import { appInfo, butter, details as fixtureDetails, jam, previewOf, toast } from './fixtures';

export interface FakeData {
  info: AppInfo;
  projects: ProjectSummary[];
  details: Record<string, ProjectDetail>;
  /** The preview answer for an input; by default renders a tiny script naming user and branch. */
  preview: (input: { id: string; gitUser: string; gitBranch: string }) => Result<PreviewResult>;
}

/**
 * A ContractClient that answers from memory: every method is a vi.fn (override with
 * mockImplementation/mockResolvedValueOnce), and `emit` plays a contract event.
 */
export function createFakeClient(data: Partial<FakeData> = {}) {
  const state: FakeData = {
    info: appInfo,
    projects: [butter, jam, toast],
    details: { ...fixtureDetails },
    preview: ({ id, gitUser, gitBranch }) =>
      ok(previewOf(`#!/bin/bash\n# ${id}\ngit clone --branch ${gitBranch} https://github.com/${gitUser}/${id}\n`)),
    ...data,
  };

  const api = fakeClientApi({
    app: {
      info: vi.fn(async () => ok(state.info)),
    },
    projects: {
      list: vi.fn(async () => ok(state.projects)),
      get: vi.fn(async ({ id }: { id: string }) => {
        const detail = state.details[id];
        return detail ? ok(detail) : fail('not-found', `There is no project '${id}'.`);
      }),
      preview: vi.fn(async (input: { id: string; gitUser: string; gitBranch: string }) => state.preview(input)),
    },
  });

  const listeners = new Map<EventName, Set<EventListener<never>>>();
  const client: ContractClient = {
    api,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as EventListener<never>);
      return () => set.delete(listener as EventListener<never>);
    },
  };

  return {
    client,
    api,
    state,
    emit<E extends EventName>(event: E, payload: EventMap[E]) {
      for (const listener of listeners.get(event) ?? []) (listener as EventListener<E>)(payload);
    },
    listenerCount(event: EventName) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

export type FakeClient = ReturnType<typeof createFakeClient>;

/** A promise you resolve by hand, to hold an answer back. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
