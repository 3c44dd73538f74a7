import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { AwsProfile, CredentialRef, KeychainCredentialRef, ProfileKind } from '../../../../main/contract/dto/credentials';
import type { EnvironmentCredentials } from '../../../../main/contract/dto/setup';
import { useAppStore } from '../../stores/store-context';
import { KeyForm } from './KeyForm';
import { MfaPrompt } from './MfaPrompt';
import { SsoSignIn } from './SsoSignIn';
import { ErrorAlert } from '../../components/ErrorAlert';

const kindLabels: Record<ProfileKind, string> = {
  'assume-role': 'Role',
  'web-identity': 'Web identity',
  sso: 'SSO',
  process: 'Credential process',
  static: 'Access key',
  'config-only': 'Config only',
};

const sameRef = (a: CredentialRef | null, b: CredentialRef | null) => !!a && !!b && a.kind === b.kind && a.name === b.name;

/** Settings → AWS accounts: profiles from ~/.aws, keys in the OS keychain, and a connection test. */
export function AwsAccounts() {
  const overview = useAppStore((s) => s.credentials.overview);
  const loading = useAppStore((s) => s.credentials.loading);
  const error = useAppStore((s) => s.credentials.error);
  const busy = useAppStore((s) => s.credentials.busy);
  const actionError = useAppStore((s) => s.credentials.actionError);
  const actionMessage = useAppStore((s) => s.credentials.actionMessage);
  const load = useAppStore((s) => s.credentials.load);
  const select = useAppStore((s) => s.credentials.select);
  const ssoLogin = useAppStore((s) => s.credentials.ssoLogin);
  const test = useAppStore((s) => s.credentials.testConnection);
  const [rotating, setRotating] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    void load();
  }, [load]);

  const selected = overview?.selected ?? null;
  const environment = overview?.environment ?? null;
  const profileRef = (p: AwsProfile): CredentialRef => ({ kind: 'profile', name: p.name });

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
                <th scope="col">
                  <span className="visually-hidden">In use</span>
                </th>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
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
              {overview.profiles.map((p) => {
                const ref = profileRef(p);
                const needsSignIn = p.sso !== null && !p.sso.tokenValid;
                return (
                  <tr key={`profile:${p.name}`} aria-selected={sameRef(ref, selected)}>
                    <td>
                      <input
                        type="radio"
                        name={`${id}-credential`}
                        aria-label={`Use profile ${p.name}`}
                        checked={sameRef(ref, selected)}
                        onChange={() => void select(ref)}
                        disabled={busy !== null}
                      />
                    </td>
                    <th scope="row" className="mono">
                      {p.name}
                    </th>
                    <td className="nowrap">{kindLabels[p.kind]}</td>
                    <td className="mono nowrap">{p.region ?? <span className="muted">—</span>}</td>
                    <td>
                      <ProfileStatus profile={p} />
                    </td>
                    <td className="row-actions">
                      {needsSignIn && (
                        <button
                          type="button"
                          className="button"
                          aria-label={`Sign in to ${p.name}`}
                          onClick={() => void ssoLogin(p.name)}
                          disabled={busy !== null}
                        >
                          {busy === `sso:${p.name}` ? 'Signing in…' : 'Sign in'}
                        </button>
                      )}
                      <button type="button" className="button" aria-label={`Test ${p.name}`} onClick={() => void test(ref)}>
                        Test
                      </button>
                    </td>
                  </tr>
                );
              })}
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

/** `AWS_ACCESS_KEY_ID AKIA…WXYZ`, `AWS_PROFILE=dev`: the variables, never a secret. */
function environmentText(e: EnvironmentCredentials): string {
  return e.variables.map((v) => (v === 'AWS_ACCESS_KEY_ID' ? `AWS_ACCESS_KEY_ID ${e.keyIdHint}` : v === 'AWS_PROFILE' ? `AWS_PROFILE=${e.profile}` : v)).join(', ');
}

/** The environment's credentials: in use while nothing else is picked; picking this row clears the pick. */
function EnvironmentRow({ environment, radioName }: { environment: EnvironmentCredentials; radioName: string }) {
  const selected = useAppStore((s) => s.credentials.overview?.selected ?? null);
  const busy = useAppStore((s) => s.credentials.busy);
  const select = useAppStore((s) => s.credentials.select);
  return (
    <tr aria-selected={selected === null}>
      <td>
        <input
          type="radio"
          name={radioName}
          aria-label="Use the environment's credentials"
          checked={selected === null}
          onChange={() => void select(null)}
          disabled={busy !== null}
        />
      </td>
      <th scope="row">Environment</th>
      <td className="nowrap">Environment variables</td>
      <td>
        <span className="muted">—</span>
      </td>
      <td className="mono">{environmentText(environment)}</td>
      <td />
    </tr>
  );
}

function ProfileStatus({ profile: p }: { profile: AwsProfile }) {
  const parts: ReactNode[] = [];
  if (p.problem) parts.push(<span className="warn-line">{p.problem}</span>);
  if (p.sso) {
    parts.push(
      p.sso.tokenValid ? (
        <span className="ok-text">Signed in</span>
      ) : (
        <span className="warn-line">{p.sso.expiresAt ? 'SSO sign-in expired' : 'Not signed in'}</span>
      ),
    );
  }
  if (p.mfaRequired) parts.push(<span>Needs an MFA code</span>);
  if (p.roleArn) parts.push(<span className="mono small">{p.roleArn}</span>);
  if (p.keyIdHint) parts.push(<span className="mono">{p.keyIdHint}</span>);
  if (parts.length === 0) return <span className="muted">—</span>;
  return (
    <span className="status-parts">
      {parts.map((part, i) => (
        <span key={i}>{part}</span>
      ))}
    </span>
  );
}

function KeychainRow({ credential: k, radioName, onRotate }: { credential: KeychainCredentialRef; radioName: string; onRotate(): void }) {
  const selected = useAppStore((s) => s.credentials.overview?.selected ?? null);
  const busy = useAppStore((s) => s.credentials.busy);
  const select = useAppStore((s) => s.credentials.select);
  const test = useAppStore((s) => s.credentials.testConnection);
  const deleteKey = useAppStore((s) => s.credentials.deleteKey);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const ref: CredentialRef = { kind: 'keychain', name: k.name, keyIdHint: k.keyIdHint };
  return (
    <tr aria-selected={sameRef(ref, selected)}>
      <td>
        <input
          type="radio"
          name={radioName}
          aria-label={`Use access key ${k.name}`}
          checked={sameRef(ref, selected)}
          onChange={() => void select(ref)}
          disabled={busy !== null}
        />
      </td>
      <th scope="row" className="mono">
        {k.name}
      </th>
      <td>Access key (keychain)</td>
      <td>
        <span className="muted">—</span>
      </td>
      <td className="mono">{k.keyIdHint}</td>
      <td className="row-actions">
        {confirming ? (
          <span role="group" aria-label={`Delete ${k.name}?`} className="confirm">
            <span>Delete {k.name} from the keychain?</span>
            <button
              ref={confirmButton}
              type="button"
              className="button button--danger"
              onClick={() => void deleteKey(k.name).then(() => setConfirming(false))}
            >
              Delete
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <button type="button" className="button" aria-label={`Test ${k.name}`} onClick={() => void test(ref)}>
              Test
            </button>
            <button type="button" className="button" aria-label={`Rotate ${k.name}`} onClick={onRotate}>
              Rotate
            </button>
            <button type="button" className="button" aria-label={`Delete ${k.name}`} onClick={() => setConfirming(true)}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** The answer of a connection test, or the MFA prompt a role needs before it can answer. */
function ConnectionResult() {
  const state = useAppStore((s) => s.credentials.test);
  const test = useAppStore((s) => s.credentials.testConnection);
  const cancel = useAppStore((s) => s.credentials.cancelMfa);
  const ssoLogin = useAppStore((s) => s.credentials.ssoLogin);
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
    const data = state.error.data as { needs?: string; profile?: string } | undefined;
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
