import { useId, useState, type FormEvent } from 'react';
import type { SettingsProblem } from '../../../../main/contract/dto/settings';
import { useAppStore } from '../../stores/store-context';

type Kind = 'aws-settings' | 'instance-config';

/** Checks or imports an INI user settings file or a product's instance.config, by path. */
export function ImportPanel() {
  const checkFile = useAppStore((s) => s.settings.checkFile);
  const [kind, setKind] = useState<Kind>('aws-settings');
  const [path, setPath] = useState('');
  const [which, setWhich] = useState<'validate' | 'import'>('validate');
  const id = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (path.trim() !== '') void checkFile(which, kind, path.trim());
  };

  return (
    <section className="settings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import</h2>
      <p className="hint">
        Check or import an INI user settings file, or check a product's <code className="mono">instance.config</code>. An
        access key in the file goes to the OS keychain.
      </p>
      <form className="inline-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-kind`}>File kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="aws-settings">User settings (INI)</option>
            <option value="instance-config">instance.config</option>
          </select>
        </div>
        <div className="field field--grow">
          <label htmlFor={`${id}-path`}>File path</label>
          <input
            id={`${id}-path`}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="~/aws-settings.ini"
          />
        </div>
        <button type="submit" className="button" onClick={() => setWhich('validate')} disabled={path.trim() === ''}>
          Check
        </button>
        <button type="submit" className="button button--primary" onClick={() => setWhich('import')} disabled={path.trim() === ''}>
          Import
        </button>
      </form>
      <FileResult />
    </section>
  );
}

function FileResult() {
  const state = useAppStore((s) => s.settings.file);
  if (state.status === 'idle') return null;
  if (state.status === 'loading')
    return (
      <p className="status" role="status">
        {state.action === 'import' ? 'Importing…' : 'Checking…'}
      </p>
    );
  if (state.status === 'error')
    return (
      <div className="alert alert--error" role="alert">
        <p>
          <strong>{state.action === 'import' ? 'Nothing was imported.' : 'The file could not be checked.'}</strong>
          {state.problems.length === 0 && <> {state.error.message}</>}
        </p>
        <ProblemList problems={state.problems} />
      </div>
    );
  if (state.action === 'validate')
    return (
      <div role="status" className="file-result">
        {state.problems.length === 0 ? (
          <p className="ok-line">No problems found.</p>
        ) : (
          <>
            <p>
              {state.problems.length} problem{state.problems.length === 1 ? '' : 's'} found:
            </p>
            <ProblemList problems={state.problems} />
          </>
        )}
      </div>
    );
  const { result } = state;
  return (
    <div role="status" className="file-result">
      <p className="ok-line">
        Imported.{' '}
        {result.changed.length > 0 ? `Changed: ${result.changed.join(', ')}.` : 'No settings changed.'}
        {result.credential && ` Stored ${result.credential.name} (${result.credential.keyIdHint}) in the OS keychain.`}
      </p>
      {result.instanceConfig && (
        <dl className="meta">
          {Object.entries(result.instanceConfig).map(([key, value]) => (
            <div className="meta-row" key={key}>
              <dt>{key}</dt>
              <dd className="mono">{value === null ? '—' : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <ProblemList problems={result.problems} />
    </div>
  );
}

function ProblemList({ problems }: { problems: readonly SettingsProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="alert-list">
      {problems.map((p, i) => (
        <li key={i}>
          <span className={p.severity === 'error' ? 'problem-kind problem-kind--error' : 'problem-kind'}>
            {p.severity === 'error' ? 'Error' : 'Warning'}
          </span>{' '}
          <code>{p.text}</code>
        </li>
      ))}
    </ul>
  );
}
