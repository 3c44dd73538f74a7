import type {
  ImportIniResult,
  SettingsFileKind,
  SettingsPatch,
  SettingsProblem,
  SettingsView,
} from '@contract/settings/dto';
import { errorData, type ContractError, type ErrorProblem } from '@contract/errors';
import type { Draft } from '../features/settings/draft';
import type { AppStoreState, SliceCreator } from './app-store';
import { latestAnswer, slicePatch } from './slice-kit';

export type FileCheckState =
  | { status: 'idle' }
  | { status: 'loading'; action: 'validate' | 'import' }
  | { status: 'done'; action: 'validate'; problems: SettingsProblem[] }
  | { status: 'done'; action: 'import'; result: ImportIniResult }
  | { status: 'error'; action: 'validate' | 'import'; error: ContractError; problems: SettingsProblem[] };

export type DefaultsActionState =
  | { status: 'idle' }
  | { status: 'removing' | 'removed'; project: string }
  | { status: 'error'; project: string; error: ContractError };

/** Saving one project's template option values (Settings → Launch defaults). */
export type OptionsSaveState =
  | { status: 'idle' }
  | { status: 'saving' | 'saved'; project: string }
  | { status: 'error'; project: string; error: ContractError };

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved' }
  /** `problems`: the refused values, each naming its key and the fix. */
  | { status: 'error'; error: ContractError; problems: SettingsProblem[] };

export interface SettingsState {
  view: SettingsView | null;
  loading: boolean;
  loadError: ContractError | null;
  save: SaveState;
  file: FileCheckState;
  /** Removing a project's launch defaults. */
  defaultsAction: DefaultsActionState;
  optionsSave: OptionsSaveState;
  /** The Preferences form's edits not saved yet: kept while the user visits other pages. */
  unsavedDraft: Draft | null;
}

export interface SettingsActions {
  load(): Promise<void>;
  /** Saves a patch; true when main accepted it. */
  update(patch: SettingsPatch): Promise<boolean>;
  /**
   * Desktop app: asks main to show the system's file dialog and a confirmation for a terminal
   * program of the user's own (settings.chooseTerminal). The settings after it (unchanged when
   * cancelled), or null when refused (shown like a refused save).
   */
  chooseTerminal(): Promise<SettingsView | null>;
  /** Shows locally found problems (before any call) like main's. */
  refuseLocally(problems: SettingsProblem[]): void;
  applyChanged(view: SettingsView): void;
  /** `project`: for an instance.config import, the project whose launch defaults it sets. */
  checkFile(action: 'validate' | 'import', kind: SettingsFileKind, path: string, project?: string): Promise<void>;
  /** Removes one project's launch defaults (imported from an instance.config); true when saved. */
  removeLaunchDefaults(project: string): Promise<boolean>;
  /**
   * Stores a project's template option values in its launch defaults (none: the template's
   * defaults again; a project left with nothing is removed); true when saved.
   */
  saveLaunchOptions(project: string, options: Record<string, string>): Promise<boolean>;
  /** Keeps the form's unsaved edits (null: none, after a save or a discard). */
  keepDraft(draft: Draft | null): void;
}

export type SettingsSlice = SettingsState & SettingsActions;

export const initialSettingsState: SettingsState = {
  view: null,
  loading: false,
  loadError: null,
  save: { status: 'idle' },
  file: { status: 'idle' },
  defaultsAction: { status: 'idle' },
  optionsSave: { status: 'idle' },
  unsavedDraft: null,
};

const isSettingsProblem = (p: ErrorProblem): p is SettingsProblem => p.severity !== undefined && p.file !== undefined && p.fix !== undefined;

/** `data.problems` of an `invalid-input` error, when they are SettingsProblems. */
export function settingsProblemsOf(error: ContractError): SettingsProblem[] {
  return (errorData(error, 'invalid-input')?.problems ?? []).filter(isSettingsProblem);
}

export const createSettingsSlice: SliceCreator<'settings'> = (set, get, client) => {
  const loadAnswer = latestAnswer();
  const fileAnswer = latestAnswer();

  const patch = slicePatch(set, 'settings');
  const current = () => get().settings;
  const api = client.api;

  /** Saves the whole launch-defaults map; `outcome` says how it went (error null: saved). True when saved. */
  const storeLaunchDefaults = async (
    launchDefaults: SettingsView['settings']['launchDefaults'],
    outcome: (error: ContractError | null) => Partial<SettingsState>,
  ): Promise<boolean> => {
    const result = await api.settings.update({ patch: { launchDefaults } });
    if (!result.ok) {
      patch(outcome(result.error));
      return false;
    }
    loadAnswer.drop();
    patch({ view: result.value, ...outcome(null) });
    return true;
  };

  return {
    ...initialSettingsState,

    load: async () => {
      const isLatest = loadAnswer.begin();
      patch({ loading: true, loadError: null });
      const result = await api.settings.get({});
      if (!isLatest()) return;
      patch(result.ok ? { view: result.value, loading: false } : { loading: false, loadError: result.error });
    },

    update: async (changes) => {
      patch({ save: { status: 'saving' } });
      const result = await api.settings.update({ patch: changes });
      if (!result.ok) {
        patch({ save: { status: 'error', error: result.error, problems: settingsProblemsOf(result.error) } });
        return false;
      }
      loadAnswer.drop();
      patch({ view: result.value, loading: false, loadError: null, save: { status: 'saved' } });
      return true;
    },

    chooseTerminal: async () => {
      const result = await api.settings.chooseTerminal({});
      if (!result.ok) {
        patch({ save: { status: 'error', error: result.error, problems: settingsProblemsOf(result.error) } });
        return null;
      }
      loadAnswer.drop();
      patch({ view: result.value, loading: false, loadError: null });
      return result.value;
    },

    refuseLocally: (problems) => {
      const error: ContractError = { code: 'invalid-input', message: 'Some values need fixing.', data: { problems } };
      patch({ save: { status: 'error', error, problems } });
    },

    applyChanged: (view) => {
      loadAnswer.drop();
      patch({ view, loading: false, loadError: null });
    },

    checkFile: async (which, kind, path, project) => {
      const isLatest = fileAnswer.begin();
      patch({ file: { status: 'loading', action: which } });
      if (which === 'validate') {
        const result = await api.settings.validate({ kind, path });
        if (!isLatest()) return;
        patch({
          file: result.ok
            ? { status: 'done', action: 'validate', problems: result.value.problems }
            : { status: 'error', action: 'validate', error: result.error, problems: settingsProblemsOf(result.error) },
        });
        return;
      }
      if (kind === 'settings') return;
      const result = await api.settings.importIni(kind === 'instance-config' && project ? { kind, path, project } : { kind, path });
      if (!isLatest()) return;
      if (!result.ok) {
        patch({ file: { status: 'error', action: 'import', error: result.error, problems: settingsProblemsOf(result.error) } });
        return;
      }
      patch({ file: { status: 'done', action: 'import', result: result.value } });
      // The import changed the settings (and maybe stored a key): show what is now in effect.
      const view = current().view;
      if (view) patch({ view: { ...view, settings: result.value.settings } });
      if (result.value.credential) void get().credentials.load();
    },

    keepDraft: (draft) => {
      if (current().unsavedDraft !== draft) patch({ unsavedDraft: draft });
    },

    removeLaunchDefaults: async (project) => {
      const view = current().view;
      if (!view) return false;
      const { [project]: _removed, ...rest } = view.settings.launchDefaults;
      patch({ defaultsAction: { status: 'removing', project } });
      return storeLaunchDefaults(rest, (error) => ({ defaultsAction: error ? { status: 'error', project, error } : { status: 'removed', project } }));
    },

    saveLaunchOptions: async (project, options) => {
      const view = current().view;
      if (!view) return false;
      const { [project]: before, ...rest } = view.settings.launchDefaults;
      const { options: _old, ...fields } = before ?? { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null };
      const entry = Object.keys(options).length ? { ...fields, options } : fields;
      const empty = Object.keys(options).length === 0 && Object.values(fields).every((v) => v === null);
      patch({ optionsSave: { status: 'saving', project } });
      return storeLaunchDefaults(empty ? rest : { ...rest, [project]: entry }, (error) => ({
        optionsSave: error ? { status: 'error', project, error } : { status: 'saved', project },
      }));
    },
  };
};

export const selectTheme = (s: AppStoreState) => s.settings.view?.settings.theme ?? null;
