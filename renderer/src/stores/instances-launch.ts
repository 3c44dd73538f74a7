import type { LaunchResult, PreflightItem, PreflightResult } from '@contract/instances/launch-dto';
import { errorData, type ContractError } from '@contract/errors';
import type { InstancesActions, InstancesTools } from './instances-slice';
import { newUiId } from './ui-id';

export type PreflightState =
  | { status: 'idle' }
  | { status: 'running'; launchId: string; items: PreflightItem[] }
  | { status: 'done'; launchId: string; items: PreflightItem[]; result: PreflightResult }
  | { status: 'error'; launchId: string; items: PreflightItem[]; error: ContractError };

export type LaunchState =
  | { status: 'idle' }
  | { status: 'running'; launchId: string }
  | { status: 'done'; result: LaunchResult }
  | { status: 'error'; error: ContractError };

/** A launch id made here, so the page can tell its own preflight events from others'. */
export function newLaunchId(random: () => number = Math.random): string {
  return newUiId('ui-', random);
}

type LaunchActions = Pick<InstancesActions, 'runPreflight' | 'runLaunch' | 'resetLaunch' | 'clearChecks' | 'applyPreflight'>;

/** The instances slice's pre-flight check and launch, with the check's items as they arrive. */
export function launchActions({ patch, current, client, upsert }: InstancesTools): LaunchActions {
  return {
    runPreflight: async (input) => {
      const launchId = newLaunchId();
      patch({ preflight: { status: 'running', launchId, items: [] }, launch: { status: 'idle' } });
      const result = await client.api.instances.preflight({ ...input, launchId });
      const now = current().preflight;
      if (now.status === 'idle' || now.launchId !== launchId) return;
      patch({
        preflight: result.ok
          ? { status: 'done', launchId, items: result.value.items, result: result.value }
          : { status: 'error', launchId, items: now.items, error: result.error },
      });
    },
    runLaunch: async (input) => {
      const launchId = newLaunchId();
      patch({ launch: { status: 'running', launchId }, preflight: { status: 'running', launchId, items: [] } });
      const result = await client.api.instances.launch({ ...input, launchId });
      if (result.ok) {
        upsert(result.value.instances);
        patch({
          launch: { status: 'done', result: result.value },
          preflight: { status: 'idle' },
        });
        return;
      }
      const checks = errorData(result.error, 'invalid-input')?.preflight;
      const now = current().preflight;
      patch({
        launch: { status: 'error', error: result.error },
        preflight: checks && Array.isArray(checks.items)
          ? { status: 'done', launchId, items: checks.items, result: checks }
          : now.status !== 'idle' && now.items.length > 0
            ? { status: 'error', launchId, items: now.items, error: result.error }
            : { status: 'idle' },
      });
    },
    resetLaunch: () => patch({ launch: { status: 'idle' }, preflight: { status: 'idle' } }),
    clearChecks: () => {
      const { preflight, launch } = current();
      if (launch.status === 'running') return;
      if (preflight.status !== 'idle' || launch.status === 'error') patch({ preflight: { status: 'idle' }, ...(launch.status === 'error' ? { launch: { status: 'idle' } } : {}) });
    },
    applyPreflight: ({ launchId, items }) => {
      const now = current().preflight;
      if (now.status !== 'running' || now.launchId !== launchId) return;
      patch({ preflight: { ...now, items } });
    },
  };
}
