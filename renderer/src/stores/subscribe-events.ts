import type { ContractClient } from '../api/client';
import type { AppStore } from './app-store';

/** The one place contract events reach the store. Returns the unsubscribe. */
export function subscribeEvents(client: ContractClient, store: AppStore): () => void {
  const unsubscribers = [
    client.on('projects.changed', ({ projects }) => store.getState().projects.applyChanged(projects)),
    client.on('instances.changed', (payload) => store.getState().instances.applyChanged(payload)),
    client.on('instances.preflight', (payload) => store.getState().instances.applyPreflight(payload)),
    client.on('instances.ready', (payload) => store.getState().instances.applyReady(payload)),
    client.on('instances.failed', (payload) => store.getState().instances.applyFailed(payload)),
    client.on('instances.terminated', (payload) => store.getState().instances.applyTerminated(payload)),
    client.on('settings.changed', (view) => store.getState().settings.applyChanged(view)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
