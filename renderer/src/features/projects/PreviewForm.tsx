import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { previewSize } from '../../components/format';
import { useAppStore } from '../../stores/store-context';
import type { ContractError } from '@contract/errors';
import { problemTexts, selectPreview } from '../../stores/projects-slice';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Renders the selected project's user-data for a git user and branch (`projects.preview`). */
export function PreviewForm() {
  const preview = useAppStore(selectPreview);
  const run = useAppStore((s) => s.projects.runPreview);
  const [gitUser, setGitUser] = useState('');
  const [gitBranch, setGitBranch] = useState('');
  const id = useId();
  const answer = useRef<HTMLDivElement>(null);
  // Bring a fresh answer (script or refusal) into view: it appears below the form.
  useEffect(() => {
    if (preview.status === 'done' || preview.status === 'error') answer.current?.scrollIntoView?.({ block: 'nearest' });
  }, [preview]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run({ gitUser, gitBranch });
  };

  return (
    <div className="block preview">
      <h3 id={`${id}-heading`}>Preview user-data</h3>
      <form className="preview-form" aria-labelledby={`${id}-heading`} onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-user`}>Git user</label>
          <input
            id={`${id}-user`}
            name="gitUser"
            value={gitUser}
            onChange={(e) => setGitUser(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-branch`}>Branch</label>
          <input
            id={`${id}-branch`}
            name="gitBranch"
            value={gitBranch}
            onChange={(e) => setGitBranch(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={255}
          />
        </div>
        <button type="submit" className="button button--primary">
          Preview
        </button>
      </form>

      {preview.status === 'loading' && (
        <p className="status" role="status">
          Rendering the user-data…
        </p>
      )}

      <div ref={answer}>
      {preview.status === 'error' && <PreviewError error={preview.error} />}

      {preview.status === 'done' && (
        <section className="output" aria-label="User-data">
          <p className="output-size">
            {previewSize(preview.result.bytes, preview.result.base64Bytes, preview.result.limitBytes)}
          </p>
          {preview.result.base64Bytes > preview.result.limitBytes && (
            <p className="warn-line">Over EC2's user-data limit: a launch with this script would be refused.</p>
          )}
          {preview.stale && (
            <p className="warn-line">The project's files changed since this preview. Preview again to see the current script.</p>
          )}
          <pre className="code" tabIndex={0}>
            {preview.result.userData}
          </pre>
        </section>
      )}
      </div>
    </div>
  );
}

/**
 * Why the preview was refused. When main sent problems, they are the explanation (its message only
 * sums them up), so the message is shown only when it says something the list does not.
 */
function PreviewError({ error }: { error: ContractError }) {
  const texts = problemTexts(error);
  const messageIsSummary = texts.length > 0 && error.message.startsWith(texts[0]!);
  return (
    <ErrorAlert title="Could not render the user-data." error={error} message={messageIsSummary ? null : error.message}>
      {texts.length > 0 && (
        <ul className="alert-list">
          {texts.map((text, index) => (
            <li key={index}>
              <code>{text}</code>
            </li>
          ))}
        </ul>
      )}
    </ErrorAlert>
  );
}
