import type { ConnectionStatus, SetupChecklist, SetupItem } from '@contract/setup/dto';
import type { ContractError } from '@contract/errors';
import type { SliceCreator } from './app-store';
import { latestAnswer, slicePatch } from './slice-kit';

/** Where Flotilla is connected (the header) and the first-run checklist (setup.connection / setup.checklist). */
export interface SetupState {
  connection: ConnectionStatus | null;
  connectionLoading: boolean;
  connectionError: ContractError | null;
  checklist: SetupChecklist | null;
  checklistError: ContractError | null;
  /** The user hid the checklist for this session. */
  checklistHidden: boolean;
}

export interface SetupActions {
  /** Asks again for both; a later answer always wins over an earlier one still under way. */
  refresh(): Promise<void>;
  /** Hides the checklist until the app is opened again. */
  hideChecklist(): void;
}

export type SetupSlice = SetupState & SetupActions;

export const initialSetupState: SetupState = { connection: null, connectionLoading: false, connectionError: null, checklist: null, checklistError: null, checklistHidden: false };

export const createSetupSlice: SliceCreator<'setup'> = (set, _get, client) => {
  const refreshAnswer = latestAnswer();
  const patch = slicePatch(set, 'setup');
  return {
    ...initialSetupState,
    hideChecklist: () => patch({ checklistHidden: true }),
    refresh: async () => {
      const isLatest = refreshAnswer.begin();
      patch({ connectionLoading: true });
      const [connection, checklist] = await Promise.all([client.api.setup.connection({}), client.api.setup.checklist({})]);
      if (!isLatest()) return;
      patch({
        connectionLoading: false,
        ...(connection.ok ? { connection: connection.value, connectionError: null } : { connectionError: connection.error }),
        ...(checklist.ok ? { checklist: checklist.value, checklistError: null } : { checklistError: checklist.error }),
      });
    },
  };
};

/** The checklist's lines still to do, when a required one is among them (then the checklist shows). */
export function pendingSetup(checklist: SetupChecklist | null): SetupItem[] {
  const items = checklist?.items ?? [];
  return items.some((i) => !i.done && !i.optional) ? items.filter((i) => !i.done) : [];
}
