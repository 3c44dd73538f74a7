import { useShallow } from 'zustand/react/shallow';
import { errorData } from '@contract/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAppStore } from '../../stores/store-context';
import { MfaPrompt } from './MfaPrompt';

/** The answer of a connection test, or the MFA prompt a role needs before it can answer. */
export function ConnectionResult() {
  const { state, test, cancel, ssoLogin } = useAppStore(
    useShallow((s) => ({ state: s.credentials.test, test: s.credentials.testConnection, cancel: s.credentials.cancelMfa, ssoLogin: s.credentials.ssoLogin })),
  );
  if (state.status === 'idle') return null;
  if (state.status === 'loading')
    return (
      <p className="status" role="status">
        Testing the connection…
      </p>
    );
  if (state.status === 'needs-mfa')
    return <MfaPrompt profile={state.profile} mfaSerial={state.mfaSerial} onSubmit={(code) => void test(state.ref, code)} onCancel={cancel} />;
  if (state.status === 'error') {
    const data = errorData(state.error, 'invalid-input') ?? errorData(state.error, 'forbidden');
    return (
      <ErrorAlert title="The connection test failed." error={state.error}>
        {data?.needs === 'sso-login' && data.profile && (
          <button type="button" className="button" onClick={() => void ssoLogin(data.profile!)}>
            Sign in to {data.profile}
          </button>
        )}
      </ErrorAlert>
    );
  }
  const r = state.result;
  return (
    <section className="test-result" aria-label="Connection test">
      <p className="ok-line">Connected with {r.credential ? r.credential.name : r.source}.</p>
      <dl className="meta">
        <div className="meta-row">
          <dt>Account</dt>
          <dd className="mono">{r.account}</dd>
        </div>
        <div className="meta-row">
          <dt>ARN</dt>
          <dd className="mono">{r.arn}</dd>
        </div>
        <div className="meta-row">
          <dt>Region</dt>
          <dd className="mono">{r.region}</dd>
        </div>
      </dl>
    </section>
  );
}
