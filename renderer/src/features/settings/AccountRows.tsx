import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AwsProfile, CredentialRef, KeychainCredentialRef, ProfileKind } from '@contract/credentials/dto';
import type { EnvironmentCredentials } from '@contract/setup/dto';
import { useAppStore } from '../../stores/store-context';

/** The rows of Settings → AWS accounts: the environment's credentials, each profile, each stored key. */

const kindLabels: Record<ProfileKind, string> = {
  'assume-role': 'Role',
  'web-identity': 'Web identity',
  sso: 'SSO',
  process: 'Credential process',
  static: 'Access key',
  'config-only': 'Config only',
};

const sameRef = (a: CredentialRef | null, b: CredentialRef | null) => !!a && !!b && a.kind === b.kind && a.name === b.name;

/**
 * A row whose first cell picks its credentials as the ones Flotilla uses (`credential` null: the
 * environment's, which picking clears the pick for).
 */
function PickRow({ credential, radioName, label, children }: { credential: CredentialRef | null; radioName: string; label: string; children: ReactNode }) {
  const { selected, busy, select } = useAppStore(
    useShallow((s) => ({ selected: s.credentials.overview?.selected ?? null, busy: s.credentials.busy, select: s.credentials.select })),
  );
  const picked = credential === null ? selected === null : sameRef(credential, selected);
  return (
    <tr aria-selected={picked}>
      <td>
        <input type="radio" name={radioName} aria-label={label} checked={picked} onChange={() => void select(credential)} disabled={busy !== null} />
      </td>
      {children}
    </tr>
  );
}

/** `AWS_ACCESS_KEY_ID AKIA…WXYZ`, `AWS_PROFILE=dev`: the variables, never a secret. */
export function environmentText(e: EnvironmentCredentials): string {
  return e.variables.map((v) => (v === 'AWS_ACCESS_KEY_ID' ? `AWS_ACCESS_KEY_ID ${e.keyIdHint}` : v === 'AWS_PROFILE' ? `AWS_PROFILE=${e.profile}` : v)).join(', ');
}

/** The environment's credentials: in use while nothing else is picked. */
export function EnvironmentRow({ environment, radioName }: { environment: EnvironmentCredentials; radioName: string }) {
  return (
    <PickRow credential={null} radioName={radioName} label="Use the environment's credentials">
      <th scope="row">Environment</th>
      <td className="nowrap">Environment variables</td>
      <td>
        <span className="muted">—</span>
      </td>
      <td className="mono">{environmentText(environment)}</td>
      <td />
    </PickRow>
  );
}

/** A profile from ~/.aws: pick it, test it, or sign in when its SSO session ended. */
export function ProfileRow({ profile: p, radioName }: { profile: AwsProfile; radioName: string }) {
  const { busy, ssoLogin, test } = useAppStore(
    useShallow((s) => ({ busy: s.credentials.busy, ssoLogin: s.credentials.ssoLogin, test: s.credentials.testConnection })),
  );
  const ref: CredentialRef = { kind: 'profile', name: p.name };
  const needsSignIn = p.sso !== null && !p.sso.tokenValid;
  return (
    <PickRow credential={ref} radioName={radioName} label={`Use profile ${p.name}`}>
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
          <button type="button" className="button" aria-label={`Sign in to ${p.name}`} onClick={() => void ssoLogin(p.name)} disabled={busy !== null}>
            {busy === `sso:${p.name}` ? 'Signing in…' : 'Sign in'}
          </button>
        )}
        <button type="button" className="button" aria-label={`Test ${p.name}`} onClick={() => void test(ref)}>
          Test
        </button>
      </td>
    </PickRow>
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

/** A key pair in the OS keychain: pick, test, rotate or delete it (after a confirmation). */
export function KeychainRow({ credential: k, radioName, onRotate }: { credential: KeychainCredentialRef; radioName: string; onRotate(): void }) {
  const { test, deleteKey } = useAppStore(useShallow((s) => ({ test: s.credentials.testConnection, deleteKey: s.credentials.deleteKey })));
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const ref: CredentialRef = { kind: 'keychain', name: k.name, keyIdHint: k.keyIdHint };
  return (
    <PickRow credential={ref} radioName={radioName} label={`Use access key ${k.name}`}>
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
            <button ref={confirmButton} type="button" className="button button--danger" onClick={() => void deleteKey(k.name).then(() => setConfirming(false))}>
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
    </PickRow>
  );
}
