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
    client.on('settings.changed', (view) => {
      store.getState().settings.applyChanged(view);
      void store.getState().setup.refresh();
    }),
    client.on('credentials.ssoPending', (pending) => store.getState().credentials.applySsoPending(pending)),
    client.on('agents.status', (payload) => store.getState().agents.applyStatus(payload)),
    client.on('agents.output', (payload) => store.getState().agents.applyOutput(payload)),
    client.on('agents.done', (payload) => store.getState().agents.applyDone(payload)),
    client.on('revisions.spoolProgress', (payload) => store.getState().revisions.applySpoolProgress(payload)),
    client.on('revisions.spoolDone', (payload) => store.getState().revisions.applySpoolDone(payload)),
    client.on('revisions.changed', (payload) => {
      store.getState().revisions.applyChanged(payload);
      // The launch form's revision picker lists this package: its pointers or revisions moved.
      const { revisionList, loadRevisionList } = store.getState().launchForm;
      if (revisionList.status !== 'idle' && revisionList.package === payload.package) void loadRevisionList(payload.package);
    }),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
