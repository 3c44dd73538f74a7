import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SettingsProblem } from '@contract/settings/dto';
import { useAppStore } from '../../stores/store-context';
import { ErrorAlert } from '../../components/ErrorAlert';

type Kind = 'aws-settings' | 'instance-config';

/** `~/work/butter/instance.config` → `butter`. */
export function folderOf(path: string): string {
  return path.trim().split(/[\\/]+/).filter(Boolean).slice(-2, -1)[0] ?? '';
}

/**
 * Checks or imports an INI user settings file or a product's instance.config, by path. An
 * instance.config sets the launch defaults of a project: the one picked, by default the one named
 * like the file's folder.
 */
export function ImportPanel() {
  const checkFile = useAppStore((s) => s.settings.checkFile);
  const projects = useAppStore((s) => s.projects.list);
  const projectsLoaded = useAppStore((s) => s.projects.loaded);
  const loadProjects = useAppStore((s) => s.projects.load);
  const [kind, setKind] = useState<Kind>('aws-settings');
  const [path, setPath] = useState('');
  /** null: follow the file's folder name. */
  const [picked, setPicked] = useState<string | null>(null);
  // A ref, not state: the button's click runs just before the form's submit, in the same event.
  const which = useRef<'validate' | 'import'>('validate');
  const id = useId();

  useEffect(() => {
    if (kind === 'instance-config' && !projectsLoaded) void loadProjects();
  }, [kind, projectsLoaded, loadProjects]);

  const folder = folderOf(path);
  const project = picked ?? (projects.some((p) => p.id === folder) ? folder : '');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (path.trim() === '') return;
    const action = which.current;
    which.current = 'validate'; // Enter in a field checks
    void checkFile(action, kind, path.trim(), kind === 'instance-config' && project !== '' ? project : undefined);
  };

  return (
    <section className="settings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Import</h2>
      <p className="hint">
        Check or import an INI user settings file (an access key in it goes to the OS keychain), or a product's{' '}
        <code className="mono">instance.config</code>: its values become the launch defaults of the project it belongs to.
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
            placeholder={kind === 'instance-config' ? '~/work/butter/instance.config' : '~/aws-settings.ini'}
          />
        </div>
        {kind === 'instance-config' && (
          <div className="field">
            <label htmlFor={`${id}-project`}>Project</label>
            <select id={`${id}-project`} value={project} onChange={(e) => setPicked(e.target.value)} aria-describedby={`${id}-project-hint`}>
              <option value="">Choose a project…</option>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
            </select>
            <span id={`${id}-project-hint`} className="hint small">
              Picked from the file's folder when a project has that name.
            </span>
          </div>
        )}
        <button type="submit" className="button" onClick={() => (which.current = 'validate')} disabled={path.trim() === ''}>
          Check
        </button>
        <button type="submit" className="button button--primary" onClick={() => (which.current = 'import')} disabled={path.trim() === ''}>
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
      <ErrorAlert
        title={state.action === 'import' ? 'Nothing was imported.' : 'The file could not be checked.'}
        error={state.error}
        message={state.problems.length === 0 ? state.error.message : null}
      >
        <ProblemList problems={state.problems} />
      </ErrorAlert>
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
        {result.project && ` Stored as the launch defaults of ${result.project}.`}
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
