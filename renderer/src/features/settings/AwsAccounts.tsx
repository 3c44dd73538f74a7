import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { HiddenHeader } from '../../components/HiddenHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAppStore } from '../../stores/store-context';
import { EnvironmentRow, environmentText, KeychainRow, ProfileRow } from './AccountRows';
import { ConnectionResult } from './ConnectionResult';
import { KeyForm } from './KeyForm';
import { SsoSignIn } from './SsoSignIn';

/** Settings → AWS accounts: profiles from ~/.aws, keys in the OS keychain, and a connection test. */
export function AwsAccounts() {
  const { overview, loading, error, busy, actionError, actionMessage, load, test } = useAppStore(
    useShallow((s) => ({
      overview: s.credentials.overview,
      loading: s.credentials.loading,
      error: s.credentials.error,
      busy: s.credentials.busy,
      actionError: s.credentials.actionError,
      actionMessage: s.credentials.actionMessage,
      load: s.credentials.load,
      test: s.credentials.testConnection,
    })),
  );
  const [rotating, setRotating] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    void load();
  }, [load]);

  const selected = overview?.selected ?? null;
  const environment = overview?.environment ?? null;

  return (
    <section className="settings-card" id="settings-aws-accounts" tabIndex={-1} aria-labelledby={`${id}-heading`}>
      <div className="card-head">
        <h2 id={`${id}-heading`}>AWS accounts</h2>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void test(null)}
          disabled={!selected && !environment}
          aria-describedby={selected ? undefined : `${id}-pick-first`}
        >
          Test connection
        </button>
      </div>
      {overview && !selected && (
        <p className="hint" id={`${id}-pick-first`}>
          {environment ? (
            <>
              Nothing is picked, so Flotilla uses the credentials from the environment ({environmentText(environment)}). Test them, or pick a profile or
              stored keys below to use those instead.
            </>
          ) : (
            'Pick a profile or stored keys below, then test the connection.'
          )}
        </p>
      )}
      {overview && (
        <p className="hint">
          Profiles from <code className="mono">{overview.files.config}</code> and{' '}
          <code className="mono">{overview.files.credentials}</code>. Pick the credentials Flotilla uses.
        </p>
      )}

      {error && (
        <ErrorAlert title="Could not read the AWS accounts." error={error} onRetry={() => void load()} />
      )}
      {!overview && loading && (
        <p className="status" role="status">
          Loading AWS accounts…
        </p>
      )}
      {overview && overview.problems.length > 0 && (
        <ul className="warn-list" aria-label="Problems with the AWS files">
          {overview.problems.map((p, i) => (
            <li key={i} className="warn-line">
              {p}
            </li>
          ))}
        </ul>
      )}

      {overview && (
        <div className="table-wrap">
          <table className="settings-table accounts-table" aria-label="AWS accounts">
            <thead>
              <tr>
                <HiddenHeader>In use</HiddenHeader>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <HiddenHeader>Actions</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {environment && <EnvironmentRow environment={environment} radioName={`${id}-credential`} />}
              {overview.profiles.length === 0 && overview.keychain.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {environment ? 'No AWS profiles were found, and no access keys are stored; the environment’s credentials above are used.' : 'No AWS profiles were found, and no access keys are stored yet.'}{' '}
                    Add a key below, or set up a profile with <code className="mono">aws configure</code>.
                  </td>
                </tr>
              )}
              {overview.profiles.map((p) => (
                <ProfileRow key={`profile:${p.name}`} profile={p} radioName={`${id}-credential`} />
              ))}
              {overview.keychain.map((k) => (
                <KeychainRow key={`keychain:${k.name}`} credential={k} radioName={`${id}-credential`} onRotate={() => setRotating(k.name)} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <SsoSignIn />
      {busy !== null && busy !== 'save-key' && busy !== 'rotate' && !busy.startsWith('sso:') && (
        <p className="status" role="status">
          Working…
        </p>
      )}
      {actionError && (
        <ErrorAlert error={actionError} />
      )}
      {actionMessage && !actionError && (
        <p className="ok-line" role="status">
          {actionMessage}
        </p>
      )}

      <ConnectionResult />
      <KeyForm rotating={rotating} onDone={() => setRotating(null)} />
    </section>
  );
}
