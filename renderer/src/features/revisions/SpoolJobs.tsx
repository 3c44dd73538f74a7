import { useId } from 'react';
import type { SpoolJob } from '../../stores/revisions-slice';
import { useAppStore } from '../../stores/store-context';
import { RevisionsErrorAlert } from './RevisionsErrorAlert';
import { formatBytes } from '@contract/format-bytes';
import { baseName, PHASE_LABEL, progressText } from './format';

const isRunning = (job: SpoolJob) => job.status === 'running' || job.status === 'cancelling';

/** What the live region says about a spool: its phase while running (not every byte), then its outcome. */
export function announcement(job: SpoolJob): string {
  const name = baseName(job.path);
  switch (job.status) {
    case 'running':
      return job.progress ? `Spooling ${name}: ${PHASE_LABEL[job.progress.phase].toLowerCase()}.` : `Spooling ${name}.`;
    case 'cancelling':
      return `Cancelling the spool of ${name}…`;
    case 'done':
      return job.result
        ? `Spooled ${job.result.name} (${formatBytes(job.result.size)}). It is not current yet: bless it in the list of ${job.result.package} to release it.`
        : '';
    case 'cancelled':
      return `The spool of ${name} was cancelled; nothing was stored.`;
    case 'failed':
      return '';
  }
}

/** A running spool (progress bar, Cancel) or a failed one (its alert), as a card. */
function SpoolCard({ job }: { job: SpoolJob }) {
  const cancel = useAppStore((s) => s.revisions.cancelSpool);
  const dismiss = useAppStore((s) => s.revisions.dismissSpool);
  const labelId = useId();
  const name = baseName(job.path);
  const running = isRunning(job);
  const p = job.progress;
  const text = p ? progressText(p) : 'Starting…';
  return (
    <li className={`spool-job spool-job--${job.status}`} aria-labelledby={labelId}>
      <p id={labelId} className="spool-job-title">
        <strong>{name}</strong> <span className="muted">{job.path}</span>
      </p>
      {running ? (
        <>
          <label className="spool-phase" htmlFor={`${labelId}-bar`}>
            {job.status === 'cancelling' ? 'Cancelling' : p ? PHASE_LABEL[p.phase] : 'Starting'}
          </label>
          <progress
            id={`${labelId}-bar`}
            className="spool-bar"
            {...(p && p.totalBytes !== null && p.phase !== 'finishing' ? { value: p.bytes, max: Math.max(p.totalBytes, 1) } : {})}
            aria-valuetext={text}
          />
          <p className="spool-figures">{text}</p>
          <button type="button" className="button" disabled={job.status === 'cancelling'} onClick={() => void cancel(job.spoolId)} aria-label={`Cancel the spool of ${name}`}>
            Cancel
          </button>
        </>
      ) : (
        <>
          {job.error && <RevisionsErrorAlert error={job.error} label={`Spool of ${name} failed`} />}
          <p className="spool-outcome">
            <button type="button" className="button button--small" onClick={() => dismiss(job.spoolId)} aria-label={`Dismiss ${name}`}>
              Dismiss
            </button>
          </p>
        </>
      )}
    </li>
  );
}

/** Spooled and cancelled spools, one line each in a single list, with one Clear for them all. */
function FinishedSpools({ jobs }: { jobs: SpoolJob[] }) {
  const dismiss = useAppStore((s) => s.revisions.dismissSpool);
  const headingId = useId();
  return (
    <div className="spool-finished" role="group" aria-labelledby={headingId}>
      <div className="spool-finished-head">
        <h3 id={headingId}>Finished spools</h3>
        {jobs.length > 1 && (
          <button type="button" className="button button--small" onClick={() => jobs.forEach((job) => dismiss(job.spoolId))}>
            Clear all
          </button>
        )}
      </div>
      <ul className="spool-finished-list" aria-label="Finished spools">
        {jobs.map((job) => {
          const name = baseName(job.path);
          return (
            <li key={job.spoolId} className={`spool-line spool-line--${job.status}`} aria-label={name}>
              <span className="spool-line-text">
                {job.status === 'done' && job.result ? (
                  <>
                    Spooled <code>{job.result.name}</code> ({formatBytes(job.result.size)}) <span className="muted">from {name}</span>
                  </>
                ) : (
                  <>
                    {name}: cancelled; nothing was stored.
                  </>
                )}
              </span>
              <button type="button" className="button button--small" onClick={() => dismiss(job.spoolId)} aria-label={`Dismiss ${name}`}>
                Dismiss
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Each spool this window knows: running and failed ones as cards, finished ones collapsed into one list. */
export function SpoolJobs({ spools }: { spools: SpoolJob[] }) {
  const cards = spools.filter((job) => isRunning(job) || job.status === 'failed');
  const finished = spools.filter((job) => job.status === 'done' || job.status === 'cancelled');
  return (
    <>
      <div role="status" aria-live="polite" className="visually-hidden">
        {spools.map((job) => (
          <p key={job.spoolId}>{announcement(job)}</p>
        ))}
      </div>
      {cards.length > 0 && (
        <ul className="spool-jobs" aria-label="Spools">
          {cards.map((job) => (
            <SpoolCard key={job.spoolId} job={job} />
          ))}
        </ul>
      )}
      {finished.length > 0 && <FinishedSpools jobs={finished} />}
    </>
  );
}
