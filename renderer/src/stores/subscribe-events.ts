import type { ContractClient } from '../api/client';
import type { AppStore } from './app-store';

/** The one place contract events reach the store. Returns the unsubscribe. */
export function subscribeEvents(client: ContractClient, store: AppStore): () => void {
  const unsubscribers = [
    client.on('projects.changed', ({ projects }) => store.getState().projects.applyChanged(projects)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
