import { useEffect, useState } from 'react';
import type { InstanceDto } from '../../../../main/contract/dto/instances';
import { useAppStore } from '../../stores/store-context';
import { selectSelectedInstance } from '../../stores/instances-slice';
import { ConfirmDialog } from './ConfirmDialog';
import { costSoFar, expiresIn, ownerName, stateText, usd } from './format';
import { StatusIcon } from './StatusIcon';
import { useNow } from './ticker';
import { DiagnosisView } from './Notices';

function Facts({ instance }: { instance: InstanceDto }) {
  const now = useNow();
  const rows: Array<[string, string]> = [
    ['Instance', instance.id],
    ['Region', instance.region],
    ['Type', instance.instanceType],
    ['Address', instance.publicDns || instance.publicIp || '—'],
    ['Owner', `${ownerName(instance.owner)} (${instance.owner})`],
    ['Git user', instance.gitUser],
    ['Launched', new Date(instance.launchedAt).toLocaleString()],
    ['Expires in', expiresIn(instance, now)],
    ['Cost', `${usd(costSoFar(instance, now))} so far · ${usd(instance.hourlyPrice)}/h · ${usd(instance.projectedCost)} to expiry`],
    ...Object.entries(instance.tags).map(([k, v]): [string, string] => [k, v]),
  ];
  return (
    <dl className="meta instance-meta">
      {rows.map(([k, v]) => (
        <div className="meta-row" key={k}>
          <dt>{k}</dt>
          <dd className="mono">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Why a not-ready instance is not ready: the diagnosis it failed with, or asked for on opening. */
function NotReady({ instance }: { instance: InstanceDto }) {
  const diagnosis = useAppStore((s) => s.instances.diagnoses[instance.id]);
  const fetchDiagnosis = useAppStore((s) => s.instances.fetchDiagnosis);
  const notReady = instance.readiness === 'timed-out';
  useEffect(() => {
    if (notReady && !diagnosis) void fetchDiagnosis(instance.id);
  }, [notReady, diagnosis, fetchDiagnosis, instance.id]);
  if (!notReady) return null;
  return (
    <section className="not-ready" aria-label="Why it is not ready">
      <h3>Why it is not ready</h3>
      {diagnosis ? (
        <DiagnosisView diagnosis={diagnosis} />
      ) : (
        <p className="status" role="status">
          Finding out why…
        </p>
      )}
    </section>
  );
}

type Confirm = { kind: 'pin' } | { kind: 'unpin' } | { kind: 'terminate' } | { kind: 'extend-pinned'; duration: string };

/** The selected instance: what it is, and every action on it. */
export function InstanceDetail() {
  const instance = useAppStore(selectSelectedInstance);
  const busy = useAppStore((s) => s.instances.busy);
  const actionError = useAppStore((s) => s.instances.actionError);
  const output = useAppStore((s) => s.instances.output);
  const a = useAppStore((s) => s.instances);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [duration, setDuration] = useState('2h');

  if (!instance) return null;
  const id = instance.id;
  const state = stateText(instance);
  const alive = instance.state === 'pending' || instance.state === 'running';
  // Extending a pinned instance unpins it: asked first.
  const extend = (d: string) => (instance.pinned ? setConfirm({ kind: 'extend-pinned', duration: d }) : void a.extend(id, d));

  return (
    <section className="detail instance-detail" aria-labelledby="instance-title">
      <div className="detail-head">
        <h2 id="instance-title">
          {instance.project} / <span className="mono">{instance.branch}</span>
        </h2>
        <span className={`badge badge--tone-${state.tone}`}>
          <StatusIcon tone={state.tone} />
          {state.text}
        </span>
        <button type="button" className="button button--small detail-close" onClick={() => a.select(null)}>
          Close
        </button>
      </div>
      <Facts instance={instance} />
      <NotReady instance={instance} />
      {instance.readyUrl && (
        <p>
          Ready URL: <span className="mono">{instance.readyUrl}</span>
        </p>
      )}
      <div className="action-bar" role="group" aria-label="Instance actions">
        <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.openUrl(id)}>
          Open
        </button>
        <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.openSsh(id)}>
          SSH
        </button>
        <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.copySsh(id)}>
          Copy SSH command
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void a.consoleOutput(id)}>
          Console output
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void a.diagnose(id)}>
          Diagnose
        </button>
      </div>
      <div className="action-bar" role="group" aria-label="Expiry">
        <span className="action-label">Extend</span>
        {['1h', '4h', '24h'].map((d) => (
          <button key={d} type="button" className="button" disabled={busy !== null || !alive} onClick={() => extend(d)} aria-label={`Extend by ${d}`}>
            +{d}
          </button>
        ))}
        <form
          className="extend-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (duration.trim()) extend(duration.trim());
          }}
        >
          <label htmlFor="extend-duration" className="visually-hidden">
            Extend by
          </label>
          <input id="extend-duration" className="input-narrow" value={duration} onChange={(e) => setDuration(e.target.value)} />
          <button type="submit" className="button" disabled={busy !== null || !alive}>
            Extend
          </button>
        </form>
        {instance.pinned ? (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => setConfirm({ kind: 'unpin' })}>
            Unpin
          </button>
        ) : (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => setConfirm({ kind: 'pin' })}>
            Pin
          </button>
        )}
        <button type="button" className="button button--danger" disabled={busy !== null} onClick={() => setConfirm({ kind: 'terminate' })}>
          Terminate
        </button>
      </div>
      {busy && (
        <p className="status" role="status">
          Working…
        </p>
      )}
      {actionError && (
        <div className="alert alert--error" role="alert">
          <p>{actionError.message}</p>
        </div>
      )}
      {output && output.id === id && (
        <div className="action-output">
          {output.kind === 'ssh' && (
            <>
              <p>{output.copied ? 'Copied the SSH command:' : 'Copying is not allowed here; select the command and copy it:'}</p>
              <input className="mono ssh-text" readOnly value={output.text} aria-label="SSH command" onFocus={(e) => e.currentTarget.select()} />
            </>
          )}
          {output.kind === 'console' && (
            <>
              <h3>Console output</h3>
              <pre className="code" tabIndex={0} aria-label="Console output">
                {output.output.output || 'No console output yet (EC2 can take a few minutes to have some).'}
              </pre>
            </>
          )}
          {output.kind === 'diagnosis' && <DiagnosisView diagnosis={output.diagnosis} />}
          <button type="button" className="button button--small" onClick={a.clearOutput}>
            Hide
          </button>
        </div>
      )}
      {confirm?.kind === 'extend-pinned' && (
        <ConfirmDialog
          title={`Unpin ${instance.id} and extend it by ${confirm.duration}?`}
          confirmLabel="Unpin and extend"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void a.extend(id, confirm.duration, true);
          }}
        >
          <p>
            It is pinned, so it runs until someone terminates it. Extending it unpins it: it will be terminated {confirm.duration} from now. Cancel to
            leave it pinned.
          </p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'unpin' && (
        <ConfirmDialog
          title={`Unpin ${instance.id}?`}
          confirmLabel="Unpin"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void a.unpin(id);
          }}
        >
          <p>It gets an expiry again: the default time to live in Settings, from now. Extend it afterwards to keep it longer.</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'pin' && (
        <ConfirmDialog
          title={`Pin ${instance.id}?`}
          confirmLabel="Pin"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void a.pin(id);
          }}
        >
          <p>A pinned instance never expires: it runs, and costs {usd(instance.hourlyPrice)} an hour, until someone terminates it.</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'terminate' && (
        <ConfirmDialog
          title={`Terminate ${instance.id}?`}
          confirmLabel="Terminate"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void a.terminate(id);
          }}
        >
          <p>
            {instance.project} / {instance.branch} ({ownerName(instance.owner)}) is terminated for good, with its disk.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
