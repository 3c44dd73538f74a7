import type {
  AwsProfile,
  ConnectionTest,
  CredentialRef,
  CredentialsNeed,
  CredentialsOverview,
  KeychainCredentialRef,
  SaveKeyInput,
  SsoSignInPending,
} from '@contract/credentials/dto';
import type {
  ImportIniResult,
  SettingsFileKind,
  SettingsPatch,
  SettingsProblem,
  SettingsView,
} from '@contract/settings/dto';
import { errorData, type ContractError, type ErrorProblem } from '@contract/errors';
import { credentialsNeedOf } from '@contract/credentials/needs';
import type { Draft } from '../features/settings/draft';
import type { AppStoreState, SliceCreator } from './app-store';

export type ConnectionTestState =
  | { status: 'idle' }
  | { status: 'loading'; ref: CredentialRef | null }
  | { status: 'done'; result: ConnectionTest }
  /** The role needs an MFA code: ask for it and test again with `mfaCode`. */
  | { status: 'needs-mfa'; ref: CredentialRef | null; profile: string; mfaSerial: string; error: ContractError }
  | { status: 'error'; ref: CredentialRef | null; error: ContractError };

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
  credentials: CredentialsOverview | null;
  credentialsLoading: boolean;
  credentialsError: ContractError | null;
  /** What a credentials action (select, save key, SSO sign-in, ...) is doing now, if anything. */
  busy: string | null;
  /** The last credentials action's failure (never carries a secret). */
  actionError: ContractError | null;
  /** The last credentials action's success message. */
  actionMessage: string | null;
  test: ConnectionTestState;
  file: FileCheckState;
  /** The running SSO sign-in's code to check in the browser, once main has it. */
  ssoPending: SsoSignInPending | null;
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
  loadCredentials(): Promise<void>;
  select(ref: CredentialRef | null): Promise<void>;
  /** Stores (or, with `rotate`, replaces) a key pair. The caller clears its secret right after. */
  saveKey(input: SaveKeyInput, rotate?: boolean): Promise<KeychainCredentialRef | null>;
  deleteKey(name: string): Promise<boolean>;
  ssoLogin(profile: string): Promise<void>;
  /** From `credentials.ssoPending`: the code the browser page shows. */
  applySsoPending(pending: SsoSignInPending): void;
  /** Stops the SSO sign-in this window is waiting for. */
  cancelSsoLogin(): Promise<void>;
  testConnection(ref?: CredentialRef | null, mfaCode?: string): Promise<void>;
  cancelMfa(): void;
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
  credentials: null,
  credentialsLoading: false,
  credentialsError: null,
  busy: null,
  actionError: null,
  actionMessage: null,
  test: { status: 'idle' },
  file: { status: 'idle' },
  ssoPending: null,
  defaultsAction: { status: 'idle' },
  optionsSave: { status: 'idle' },
  unsavedDraft: null,
};

const isSettingsProblem = (p: ErrorProblem): p is SettingsProblem => p.severity !== undefined && p.file !== undefined && p.fix !== undefined;

/** `data.problems` of an `invalid-input` error, when they are SettingsProblems. */
export function settingsProblemsOf(error: ContractError): SettingsProblem[] {
  return (errorData(error, 'invalid-input')?.problems ?? []).filter(isSettingsProblem);
}

/** What an error says the user must do first (an MFA code, an SSO sign-in), if anything. */
export function needOf(error: ContractError): CredentialsNeed | null {
  return credentialsNeedOf(error);
}

export const createSettingsSlice: SliceCreator<'settings'> = (set, get, client) => {
  let loadSeq = 0;
  let testSeq = 0;
  let fileSeq = 0;

  const patch = (changes: Partial<SettingsState>) => set((s) => ({ settings: { ...s.settings, ...changes } }));
  const current = () => get().settings;
  const api = client.api;

  /** Runs one credentials action; answers the value or null (then `actionError` says why). */
  async function action<T>(
    name: string,
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: ContractError }>,
    message?: (value: T) => string,
  ): Promise<T | null> {
    patch({ busy: name, actionError: null, actionMessage: null });
    const result = await call();
    if (!result.ok) {
      patch({ busy: null, actionError: result.error });
      return null;
    }
    patch({ busy: null, actionMessage: message ? message(result.value) : null });
    return result.value;
  }

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
    loadSeq++;
    patch({ view: result.value, ...outcome(null) });
    return true;
  };

  return {
    ...initialSettingsState,

    load: async () => {
      const seq = ++loadSeq;
      patch({ loading: true, loadError: null });
      const result = await api.settings.get({});
      if (seq !== loadSeq) return;
      patch(result.ok ? { view: result.value, loading: false } : { loading: false, loadError: result.error });
    },

    update: async (changes) => {
      patch({ save: { status: 'saving' } });
      const result = await api.settings.update({ patch: changes });
      if (!result.ok) {
        patch({ save: { status: 'error', error: result.error, problems: settingsProblemsOf(result.error) } });
        return false;
      }
      loadSeq++;
      patch({ view: result.value, loading: false, loadError: null, save: { status: 'saved' } });
      return true;
    },

    chooseTerminal: async () => {
      const result = await api.settings.chooseTerminal({});
      if (!result.ok) {
        patch({ save: { status: 'error', error: result.error, problems: settingsProblemsOf(result.error) } });
        return null;
      }
      loadSeq++;
      patch({ view: result.value, loading: false, loadError: null });
      return result.value;
    },

    refuseLocally: (problems) => {
      const error: ContractError = { code: 'invalid-input', message: 'Some values need fixing.', data: { problems } };
      patch({ save: { status: 'error', error, problems } });
    },

    applyChanged: (view) => {
      loadSeq++;
      patch({ view, loading: false, loadError: null });
    },

    loadCredentials: async () => {
      patch({ credentialsLoading: true, credentialsError: null });
      const result = await api.credentials.list({});
      patch(
        result.ok
          ? { credentials: result.value, credentialsLoading: false }
          : { credentialsLoading: false, credentialsError: result.error },
      );
    },

    select: async (ref) => {
      const overview = await action('select', () => api.credentials.select({ ref }), (o) =>
        ref ? `Flotilla now uses ${ref.name}.` : o.environment ? "Flotilla now uses the environment's credentials." : 'No AWS credentials are selected.',
      );
      if (overview) patch({ credentials: overview, test: { status: 'idle' } });
    },

    saveKey: async (input, rotate = false) => {
      const call = () => (rotate ? api.credentials.rotateKey(input) : api.credentials.saveKey(input));
      const saved = await action(rotate ? 'rotate' : 'save-key', call, (ref) =>
        rotate ? `Replaced the key of ${ref.name} (now ${ref.keyIdHint}).` : `Saved ${ref.name} (${ref.keyIdHint}) in the OS keychain.`,
      );
      if (saved) await current().loadCredentials();
      return saved;
    },

    deleteKey: async (name) => {
      const overview = await action('delete', () => api.credentials.deleteKey({ name }), () => `Deleted ${name} from the OS keychain.`);
      if (overview) patch({ credentials: overview });
      return overview !== null;
    },

    ssoLogin: async (profile) => {
      patch({ busy: `sso:${profile}`, actionError: null, actionMessage: null, ssoPending: null });
      const result = await api.credentials.ssoLogin({ profile });
      if (!result.ok) {
        const cancelled = errorData(result.error, 'unavailable')?.cancelled === true;
        patch(
          cancelled
            ? { busy: null, ssoPending: null, actionMessage: `The sign-in to ${profile} was cancelled.` }
            : { busy: null, ssoPending: null, actionError: result.error },
        );
        return;
      }
      const updated = result.value;
      const overview = current().credentials;
      patch({
        busy: null,
        ssoPending: null,
        actionMessage: `Signed in to ${profile}.`,
        ...(overview ? { credentials: { ...overview, profiles: overview.profiles.map((p: AwsProfile) => (p.name === profile ? updated : p)) } } : {}),
      });
    },

    applySsoPending: (pending) => {
      // Only the window waiting for a sign-in shows its code.
      if (current().busy?.startsWith('sso:')) patch({ ssoPending: pending });
    },

    cancelSsoLogin: async () => {
      const busy = current().busy;
      if (!busy?.startsWith('sso:')) return;
      const result = await api.credentials.cancelSsoLogin({ profile: busy.slice('sso:'.length) });
      if (!result.ok) patch({ actionError: result.error });
    },

    testConnection: async (ref = null, mfaCode) => {
      const seq = ++testSeq;
      patch({ test: { status: 'loading', ref } });
      const input: { ref?: CredentialRef; mfaCode?: string } = {};
      if (ref) input.ref = ref;
      if (mfaCode !== undefined) input.mfaCode = mfaCode;
      const result = await api.credentials.test(input);
      if (seq !== testSeq) return;
      if (result.ok) {
        patch({ test: { status: 'done', result: result.value } });
        return;
      }
      const need = needOf(result.error);
      patch({
        test:
          need?.needs === 'mfa-code'
            ? { status: 'needs-mfa', ref, profile: need.profile, mfaSerial: need.mfaSerial, error: result.error }
            : { status: 'error', ref, error: result.error },
      });
    },

    cancelMfa: () => {
      testSeq++;
      patch({ test: { status: 'idle' } });
    },

    checkFile: async (which, kind, path, project) => {
      const seq = ++fileSeq;
      patch({ file: { status: 'loading', action: which } });
      if (which === 'validate') {
        const result = await api.settings.validate({ kind, path });
        if (seq !== fileSeq) return;
        patch({
          file: result.ok
            ? { status: 'done', action: 'validate', problems: result.value.problems }
            : { status: 'error', action: 'validate', error: result.error, problems: settingsProblemsOf(result.error) },
        });
        return;
      }
      if (kind === 'settings') return;
      const result = await api.settings.importIni(kind === 'instance-config' && project ? { kind, path, project } : { kind, path });
      if (seq !== fileSeq) return;
      if (!result.ok) {
        patch({ file: { status: 'error', action: 'import', error: result.error, problems: settingsProblemsOf(result.error) } });
        return;
      }
      patch({ file: { status: 'done', action: 'import', result: result.value } });
      // The import changed the settings (and maybe stored a key): show what is now in effect.
      const view = current().view;
      if (view) patch({ view: { ...view, settings: result.value.settings } });
      if (result.value.credential) void current().loadCredentials();
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

export const selectSettingsView = (s: AppStoreState): SettingsView | null => s.settings.view;
export const selectTheme = (s: AppStoreState) => s.settings.view?.settings.theme ?? null;
