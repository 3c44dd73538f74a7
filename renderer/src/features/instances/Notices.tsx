import type { Diagnosis } from '../../../../main/contract/dto/instances';
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

/** Ready and failed instances, as banners until dismissed. */
export function Notices() {
  const notices = useAppStore((s) => s.instances.notices);
  const dismiss = useAppStore((s) => s.instances.dismissNotice);
  const openUrl = useAppStore((s) => s.instances.openUrl);
  const select = useAppStore((s) => s.instances.select);
  const reveal = useAppStore((s) => s.instances.reveal);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) =>
        n.kind === 'ready' ? (
          <div key={n.key} className="banner banner--ok" role="status" aria-label={`${n.instance.name} ready`}>
            <StatusIcon tone="ok" />
            <p>
              <strong>{n.instance.name} is ready</strong> <span className="mono">{n.url}</span>
            </p>
            <button type="button" className="button button--primary button--small" onClick={() => void openUrl(n.instance.id)}>
              Open
            </button>
            <button type="button" className="button button--small" onClick={() => dismiss(n.key)} aria-label={`Dismiss: ${n.instance.name} is ready`}>
              Dismiss
            </button>
          </div>
        ) : (
          <div key={n.key} className="banner banner--error" role="alert">
            <StatusIcon tone="error" />
            <div>
              <p>
                <strong>{n.instance.name} did not become ready</strong> ({n.instance.id})
              </p>
              <DiagnosisView diagnosis={n.diagnosis} />
            </div>
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                select(n.instance.id);
                reveal();
              }}
            >
              Show
            </button>
            <button type="button" className="button button--small" onClick={() => dismiss(n.key)} aria-label={`Dismiss: ${n.instance.name} failed`}>
              Dismiss
            </button>
          </div>
        ),
      )}
    </div>
  );
}
