import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isFinished, jobRunning, type SyncInstance } from '../../stores/agents-slice';
import { useAppStore } from '../../stores/store-context';
import { instanceName, type Tone } from '../instances/instance-words';
import { StatusIcon } from '../instances/StatusIcon';
import { MessageText } from '../../components/MessageText';
import { ErrorAlert } from '../../components/ErrorAlert';

export function statusOf(i: SyncInstance): { text: string; tone: Tone } {
  switch (i.status) {
    case 'queued':
      return { text: 'Queued', tone: 'idle' };
    case 'connecting':
      return { text: 'Connecting…', tone: 'busy' };
    case 'running':
      return { text: 'Running', tone: 'busy' };
    case 'done':
      return { text: 'Done (exit 0)', tone: 'ok' };
    case 'cancelled':
      return { text: 'Cancelled', tone: 'warn' };
    case 'failed':
      return { text: i.exitCode !== null ? `Failed (exit ${i.exitCode})` : 'Failed', tone: 'error' };
  }
}

function summaryOf(instances: SyncInstance[], running: boolean): string {
  const finished = instances.filter(isFinished);
  const count = (status: SyncInstance['status']) => instances.filter((i) => i.status === status).length;
  if (running) return `${finished.length} of ${instances.length} finished`;
  const parts = [`${count('done')} succeeded`, `${count('failed')} failed`];
  if (count('cancelled') > 0) parts.push(`${count('cancelled')} cancelled`);
  return `Finished: ${parts.join(', ')}`;
}

/** A live log that follows new output while it is scrolled to the end (and stays put otherwise). */
function Log({ instance }: { instance: SyncInstance }) {
  const ref = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [instance.log]);
  return (
    <pre
      ref={ref}
      id={`sync-log-${instance.id}`}
      className="code mono sync-log"
      role="log"
      aria-live="polite"
      aria-label={`Output of ${instance.label} (${instance.id})`}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {instance.dropped > 0 && <span className="muted">{`[… ${instance.dropped.toLocaleString('en-US')} earlier characters not shown …]\n`}</span>}
      {instance.log || (isFinished(instance) ? 'No output.' : '')}
    </pre>
  );
}

function InstanceLog({ instance }: { instance: SyncInstance }) {
  const [open, setOpen] = useState(true);
  const status = statusOf(instance);
  const bodyId = `sync-body-${instance.id}`;
  return (
    <li className="sync-item">
      <h3 className="sync-item-head">
        <button type="button" className="sync-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="sync-caret">{open ? '▾' : '▸'}</span>
          {instance.label} <span className="mono muted">{instance.id}</span>
        </button>
        <span className={`badge badge--tone-${status.tone}`}>
          <StatusIcon tone={status.tone} />
          {status.text}
        </span>
      </h3>
      <div id={bodyId} hidden={!open}>
        {instance.target && (
          <p className="muted sync-target">
            <span className="mono">{instance.target}</span>
            {instance.hostKey?.status === 'new' && (
              <>
                {' '}· host key <span className="mono">{instance.hostKey.fingerprint}</span> was not in known_hosts; accepted on first use and added to ~/.ssh/known_hosts
              </>
            )}
          </p>
        )}
        {instance.error && (
          <p className={instance.error.kind === 'cancelled' ? 'muted' : 'alert alert--error sync-error'}>
            <MessageText text={instance.error.message} />
          </p>
        )}
        <Log instance={instance} />
      </div>
    </li>
  );
}

/**
 * The running (or last) Sync now: one collapsible live log per instance, its status, and Cancel.
 * On mount it asks the core for its jobs, so a sync running when the window reloaded shows again.
 */
export function SyncPanel() {
  const job = useAppStore((s) => s.agents.job);
  const cancel = useAppStore((s) => s.agents.cancel);
  const dismiss = useAppStore((s) => s.agents.dismiss);
  const attach = useAppStore((s) => s.agents.attach);
  const fleet = useAppStore((s) => s.instances.fleet);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const jobId = job?.jobId;
  const reattached = job?.reattached;
  useEffect(() => {
    void attach();
  }, [attach]);
  useEffect(() => {
    // A job started here takes the focus; one shown again after a reload does not.
    if (jobId && !reattached) headingRef.current?.focus();
  }, [jobId, reattached]);
  if (!job) return null;
  // A job shown again may predate the fleet's answer: its labels come from the fleet when they can.
  const labelled = (i: SyncInstance): SyncInstance => {
    if (i.label) return i;
    const row = fleet.find((f) => f.id === i.id);
    return { ...i, label: row ? instanceName(row) : i.id };
  };
  const running = jobRunning(job);

  return (
    <section className="detail sync-panel" aria-labelledby="sync-title">
      <div className="detail-head">
        <h2 id="sync-title" ref={headingRef} tabIndex={-1}>
          Sync now
        </h2>
        <code className="mono muted">{job.command}</code>
        {running ? (
          <button type="button" className="button button--small button--danger detail-close" disabled={job.cancelling} onClick={() => void cancel()}>
            {job.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="button button--small detail-close" onClick={dismiss}>
            Close
          </button>
        )}
      </div>
      {job.error ? (
        <ErrorAlert title="Sync now failed." error={job.error} />
      ) : (
        <p className="status" role="status">
          {summaryOf(job.instances, running)}
        </p>
      )}
      {job.cancelError && (
        <ErrorAlert title="Could not cancel." error={job.cancelError} />
      )}
      <ul className="sync-list">
        {job.instances.map((instance) => (
          <InstanceLog key={instance.id} instance={labelled(instance)} />
        ))}
      </ul>
    </section>
  );
}
