import { useId, useState } from 'react';
import type { Diagnosis } from '@contract/instances/dto';
import type { InstanceNotice } from '../../stores/instances-slice';
import { useAppStore } from '../../stores/store-context';
import { StatusIcon } from './StatusIcon';
import { MessageText } from '../../components/MessageText';

const stageTone = { pass: 'ok', fail: 'error', pending: 'busy', unknown: 'idle' } as const;
const stageWords = { pass: 'Passed', fail: 'Failed', pending: 'Waiting', unknown: 'Unknown' } as const;

export function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <div className="diagnosis">
      <p>
        <strong>{diagnosis.summary}</strong>
      </p>
      <ul role="list" aria-label="Diagnosis" className="checklist">
        {diagnosis.stages.map((s) => (
          <li key={s.stage} className={`check check--${s.status}`}>
            <span className="check-status">
              <StatusIcon tone={stageTone[s.status]} />
              {stageWords[s.status]}
            </span>
            <span className="check-label">{s.stage}</span>
            <span className="check-message"><MessageText text={s.message} /></span>
          </li>
        ))}
      </ul>
      {diagnosis.consoleTail && (
        <pre className="code" tabIndex={0} aria-label="Console output">
          {diagnosis.consoleTail}
        </pre>
      )}
    </div>
  );
}

type ReadyNotice = Extract<InstanceNotice, { kind: 'ready' }>;
type FailedNotice = Extract<InstanceNotice, { kind: 'failed' }>;

/** "Show all 20" / "Hide the list": the list of a grouped notice, folded until asked for. */
function Disclosure({ count, listId, open, onToggle, what }: { count: number; listId: string; open: boolean; onToggle(): void; what: string }) {
  return (
    <button type="button" className="button button--small" aria-expanded={open} aria-controls={listId} onClick={onToggle}>
      {open ? `Hide the ${what}` : `Show ${count === 1 ? 'it' : `all ${count}`}`}
    </button>
  );
}

function ReadyBanner({ notice }: { notice: ReadyNotice }) {
  const dismiss = useAppStore((s) => s.instances.dismissNotice);
  const openUrl = useAppStore((s) => s.instances.openUrl);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const single = notice.total === 1 && notice.items.length === 1 ? notice.items[0]! : null;
  return (
    <div className="banner banner--ok banner--group" role="status" aria-label={`${notice.label} ready`}>
      <StatusIcon tone="ok" />
      <div className="banner-body">
        {single ? (
          <p>
            <strong>{notice.label} is ready</strong> <span className="mono">{single.url}</span>
          </p>
        ) : (
          <p>
            <strong>
              {notice.label}: {notice.items.length} of {notice.total} ready
            </strong>
          </p>
        )}
        {!single && open && (
          <ul id={listId} className="notice-list" aria-label={`Ready instances of ${notice.label}`}>
            {notice.items.map(({ instance, url }) => (
              <li key={instance.id}>
                <span className="mono">{instance.id}</span> <span className="mono notice-url">{url}</span>
                <button type="button" className="button button--small" onClick={() => void openUrl(instance.id)} aria-label={`Open ${instance.id}`}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {single ? (
        <button type="button" className="button button--primary button--small" onClick={() => void openUrl(single.instance.id)}>
          Open
        </button>
      ) : (
        <Disclosure count={notice.items.length} listId={listId} open={open} onToggle={() => setOpen(!open)} what="list" />
      )}
      <button type="button" className="button button--small" onClick={() => dismiss(notice.key)} aria-label={`Dismiss: ${notice.label} ${single ? 'is ready' : 'ready'}`}>
        Dismiss
      </button>
    </div>
  );
}

function FailedBanner({ notice }: { notice: FailedNotice }) {
  const dismiss = useAppStore((s) => s.instances.dismissNotice);
  const selectOnly = useAppStore((s) => s.instances.select);
  const reveal = useAppStore((s) => s.instances.reveal);
  // Show: select it and scroll its details into view.
  const select = (id: string) => {
    selectOnly(id);
    reveal();
  };
  const [open, setOpen] = useState(false);
  const listId = useId();
  const single = notice.items.length === 1 ? notice.items[0]! : null;
  return (
    <div className="banner banner--error banner--group" role="alert">
      <StatusIcon tone="error" />
      <div className="banner-body">
        {single ? (
          <>
            <p>
              <strong>{notice.label} did not become ready</strong> ({single.instance.id})
            </p>
            <DiagnosisView diagnosis={single.diagnosis} />
          </>
        ) : (
          <p>
            <strong>
              {notice.label}: {notice.items.length} of {notice.total} did not become ready
            </strong>
          </p>
        )}
        {!single && open && (
          <ul id={listId} className="notice-list" aria-label={`Instances of ${notice.label} that are not ready`}>
            {notice.items.map(({ instance, diagnosis }) => (
              <li key={instance.id}>
                <span className="mono">{instance.id}</span> <span>{diagnosis.summary}</span>
                <button type="button" className="button button--small" onClick={() => select(instance.id)} aria-label={`Show ${instance.id}`}>
                  Show
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {single ? (
        <button type="button" className="button button--small" onClick={() => select(single.instance.id)}>
          Show
        </button>
      ) : (
        <Disclosure count={notice.items.length} listId={listId} open={open} onToggle={() => setOpen(!open)} what="list" />
      )}
      <button type="button" className="button button--small" onClick={() => dismiss(notice.key)} aria-label={`Dismiss: ${notice.label} failed`}>
        Dismiss
      </button>
    </div>
  );
}

/** Ready and failed instances, one banner per launch and kind, until dismissed. */
export function Notices() {
  const notices = useAppStore((s) => s.instances.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (n.kind === 'ready' ? <ReadyBanner key={n.key} notice={n} /> : <FailedBanner key={n.key} notice={n} />))}
    </div>
  );
}
