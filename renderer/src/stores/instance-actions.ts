import type { ConsoleOutput, Diagnosis, InstanceDto, ShellVia } from '@contract/instances/dto';
import type { Result } from '@contract/errors';
import type { InstancesActions, InstancesTools } from './instances-slice';
import { runAction } from './slice-kit';

/** What a row action answered, shown in the details panel. */
export type ActionOutput =
  | { kind: 'console'; id: string; output: ConsoleOutput }
  | { kind: 'diagnosis'; id: string; diagnosis: Diagnosis }
  | { kind: 'ssh'; id: string; text: string; copied: boolean; via: ShellVia }
  | { kind: 'message'; id: string; text: string };

/** Copies text with the async clipboard; false when the page may not (the caller then shows it to select). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

type RowActions = Pick<
  InstancesActions,
  'extend' | 'pin' | 'unpin' | 'fetchDiagnosis' | 'terminate' | 'openUrl' | 'openSsh' | 'copySsh' | 'consoleOutput' | 'diagnose' | 'clearOutput'
>;

/** What the buttons of one instance do (its row and its details panel). */
export function rowActions({ patch, current, client, upsert, remove }: InstancesTools): RowActions {
  const api = client.api.instances;
  const find = (id: string) => current().fleet.find((i) => i.id === id);
  /** Runs a row action on a known instance; its error lands in actionError. */
  const act = async <T>(name: string, id: string, call: (ref: { id: string; region: string }) => Promise<Result<T>>) => {
    const instance = find(id);
    if (!instance) return null;
    return runAction(patch, name, () => call({ id: instance.id, region: instance.region }));
  };
  /** A row action that answers the instance as it is now. */
  const update = async (name: string, id: string, call: (ref: { id: string; region: string }) => Promise<Result<InstanceDto>>) => {
    const updated = await act(name, id, call);
    if (updated) upsert([updated]);
    return updated !== null;
  };

  return {
    extend: (id, duration, confirm) => update('extend', id, (ref) => api.extend({ ...ref, duration, ...(confirm ? { confirm: true } : {}) })),
    unpin: (id) => update('unpin', id, (ref) => api.unpin(ref)),
    pin: (id) => update('pin', id, (ref) => api.pin({ ...ref, confirm: true })),
    fetchDiagnosis: async (id) => {
      const instance = find(id);
      if (!instance) return;
      const result = await api.diagnose({ id, region: instance.region });
      if (result.ok) patch({ diagnoses: { ...current().diagnoses, [id]: result.value } });
    },
    terminate: async (id) => {
      const result = await act('terminate', id, (ref) => api.terminate({ ids: [ref.id], region: ref.region }));
      if (!result) return false;
      const refused = result.refused.find((r) => r.id === id);
      if (refused) {
        patch({ actionError: { code: 'forbidden', message: `Not terminated: ${refused.reason}` } });
        return false;
      }
      remove(result.terminated);
      return true;
    },
    openUrl: async (id) => {
      await act('open', id, (ref) => api.openUrl(ref));
    },
    openSsh: async (id, via) => {
      await act('ssh', id, (ref) => api.openSsh({ ...ref, ...(via ? { via } : {}) }));
    },
    copySsh: async (id, via) => {
      const command = await act('copy', id, (ref) => api.sshCommand({ ...ref, ...(via ? { via } : {}) }));
      if (!command) return;
      const copied = await copyText(command.text);
      patch({ output: { kind: 'ssh', id, text: command.text, copied, via: command.command === 'aws' ? 'ssm' : 'ssh' } });
    },
    consoleOutput: async (id) => {
      const output = await act('console', id, (ref) => api.consoleOutput(ref));
      if (output) patch({ output: { kind: 'console', id, output } });
    },
    diagnose: async (id) => {
      const diagnosis = await act('diagnose', id, (ref) => api.diagnose(ref));
      if (diagnosis) patch({ output: { kind: 'diagnosis', id, diagnosis }, diagnoses: { ...current().diagnoses, [id]: diagnosis } });
    },
    clearOutput: () => patch({ output: null }),
  };
}
