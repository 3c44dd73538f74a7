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
import { errorData, type ContractError, type Result } from '@contract/errors';
import { credentialsNeedOf } from '@contract/credentials/needs';
import type { SliceCreator } from './app-store';
import { latestAnswer, loadLatest, runAction, slicePatch } from './slice-kit';

export type ConnectionTestState =
  | { status: 'idle' }
  | { status: 'loading'; ref: CredentialRef | null }
  | { status: 'done'; result: ConnectionTest }
  /** The role needs an MFA code: ask for it and test again with `mfaCode`. */
  | { status: 'needs-mfa'; ref: CredentialRef | null; profile: string; mfaSerial: string; error: ContractError }
  | { status: 'error'; ref: CredentialRef | null; error: ContractError };

/** Settings → AWS accounts: the profiles and stored keys, which one is used, and the connection test. */
export interface CredentialsState {
  overview: CredentialsOverview | null;
  loading: boolean;
  error: ContractError | null;
  /** What a credentials action (select, save key, SSO sign-in, ...) is doing now, if anything. */
  busy: string | null;
  /** The last credentials action's failure (never carries a secret). */
  actionError: ContractError | null;
  /** The last credentials action's success message. */
  actionMessage: string | null;
  test: ConnectionTestState;
  /** The running SSO sign-in's code to check in the browser, once main has it. */
  ssoPending: SsoSignInPending | null;
}

export interface CredentialsActions {
  load(): Promise<void>;
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
}

export type CredentialsSlice = CredentialsState & CredentialsActions;

export const initialCredentialsState: CredentialsState = {
  overview: null,
  loading: false,
  error: null,
  busy: null,
  actionError: null,
  actionMessage: null,
  test: { status: 'idle' },
  ssoPending: null,
};

/** What an error says the user must do first (an MFA code, an SSO sign-in), if anything. */
export function needOf(error: ContractError): CredentialsNeed | null {
  return credentialsNeedOf(error);
}

export const createCredentialsSlice: SliceCreator<'credentials'> = (set, get, client) => {
  const patch = slicePatch(set, 'credentials');
  const current = () => get().credentials;
  const api = client.api;
  const testAnswer = latestAnswer();

  /** Runs one credentials action; answers the value or null (then `actionError` says why). */
  const action = <T>(name: string, call: () => Promise<Result<T>>, message: (value: T) => string) =>
    runAction<CredentialsState, T>(patch, name, call, { start: { actionMessage: null }, done: (value) => ({ actionMessage: message(value) }) });

  return {
    ...initialCredentialsState,

    load: async () => {
      const overview = await loadLatest(patch, () => api.credentials.list({}));
      if (overview) patch({ overview, loading: false });
    },

    select: async (ref) => {
      const overview = await action('select', () => api.credentials.select({ ref }), (o) =>
        ref ? `Flotilla now uses ${ref.name}.` : o.environment ? "Flotilla now uses the environment's credentials." : 'No AWS credentials are selected.',
      );
      if (overview) patch({ overview, test: { status: 'idle' } });
    },

    saveKey: async (input, rotate = false) => {
      const call = () => (rotate ? api.credentials.rotateKey(input) : api.credentials.saveKey(input));
      const saved = await action(rotate ? 'rotate' : 'save-key', call, (ref) =>
        rotate ? `Replaced the key of ${ref.name} (now ${ref.keyIdHint}).` : `Saved ${ref.name} (${ref.keyIdHint}) in the OS keychain.`,
      );
      if (saved) await current().load();
      return saved;
    },

    deleteKey: async (name) => {
      const overview = await action('delete', () => api.credentials.deleteKey({ name }), () => `Deleted ${name} from the OS keychain.`);
      if (overview) patch({ overview });
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
      const overview = current().overview;
      patch({
        busy: null,
        ssoPending: null,
        actionMessage: `Signed in to ${profile}.`,
        ...(overview ? { overview: { ...overview, profiles: overview.profiles.map((p: AwsProfile) => (p.name === profile ? updated : p)) } } : {}),
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
      const isLatest = testAnswer.begin();
      patch({ test: { status: 'loading', ref } });
      const input: { ref?: CredentialRef; mfaCode?: string } = {};
      if (ref) input.ref = ref;
      if (mfaCode !== undefined) input.mfaCode = mfaCode;
      const result = await api.credentials.test(input);
      if (!isLatest()) return;
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
      testAnswer.drop();
      patch({ test: { status: 'idle' } });
    },
  };
};
