import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { keepFocus, returnFocus } from '../../components/focus-return';
import type { InstanceDto } from '@contract/instances/dto';
import { useAppStore } from '../../stores/store-context';
import { selectSelectedInstance } from '../../stores/instances-slice';
import { ConfirmDialog } from './ConfirmDialog';
import { costSoFar, priceSourceLabel, usd } from './cost';
import { expiresIn } from './expiry';
import { accessWords, ownerName, ssmText, stateText } from './instance-words';
import { StatusIcon } from './StatusIcon';
import { InterruptionBadge } from './SpotParts';
import { useNow } from './ticker';
import { DiagnosisView } from './Notices';
import { ErrorAlert } from '../../components/ErrorAlert';

function Facts({ instance }: { instance: InstanceDto }) {
  const now = useNow();
  const rows: Array<[string, string]> = [
    ['Instance', instance.id],
    ['Region', instance.region],
    ['Type', `${instance.instanceType}${instance.market === 'spot' ? ' (Spot)' : ''}`],
    ['Address', instance.publicDns || instance.publicIp || '—'],
    ['Access', accessWords[instance.access]],
    ...(instance.access !== 'ssh' ? [['SSM agent', ssmText(instance.ssm)?.long ?? (instance.state === 'running' ? 'Not known yet' : 'Not running')] as [string, string]] : []),
    ['Owner', `${ownerName(instance.owner)} (${instance.owner})`],
    ['Git user', instance.gitUser],
    ...(instance.revision ? [['Revision', instance.revision] as [string, string]] : []),
    ['Launched', new Date(instance.launchedAt).toLocaleString()],
    ['Expires in', expiresIn(instance, now)],
    ['Cost', `${usd(costSoFar(instance, now))} so far · ${usd(instance.hourlyPrice)}/h · ${usd(instance.projectedCost)} to expiry`],
    ...(instance.priceSource ? [['Price from', priceSourceLabel(instance.priceSource)!] as [string, string]] : []),
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

/** Where focus goes when the instance's panel is gone (terminated): the grid's row in the Tab order, else the Fleet heading. */
export function fleetFocus(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="grid"][aria-label="Instances"] [role="row"][tabindex="0"]') ?? document.getElementById('fleet-title');
}

/** Brings the panel into view when opened by a click, Enter or a link (each bumps revealSeq), once it is rendered. */
function useReveal(panel: RefObject<HTMLElement | null>, shown: boolean) {
  const revealSeq = useAppStore((s) => s.instances.revealSeq);
  const done = useRef(0);
  useEffect(() => {
    if (!shown || !panel.current || done.current === revealSeq) return;
    done.current = revealSeq;
    panel.current.scrollIntoView?.({ block: 'start' });
  }, [panel, shown, revealSeq]);
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
  // Which button row the last action came from: its error is shown under that row.
  const [origin, setOrigin] = useState<'actions' | 'expiry'>('actions');
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useReveal(panel, instance !== null);

  if (!instance) return null;
  const id = instance.id;
  const state = stateText(instance);
  const alive = instance.state === 'pending' || instance.state === 'running';
  // +1h/+4h/+24h and Extend keep focus: the running action disables them, which drops it.
  // Extending a pinned instance unpins it: asked first.
  const extend = (target: HTMLElement, by: string) => {
    setOrigin('expiry');
    if (instance.pinned) setConfirm({ kind: 'extend-pinned', duration: by });
    else void keepFocus(target, () => a.extend(id, by));
  };
  const errorAlert: ReactNode = actionError && (
    <ErrorAlert id="instance-action-error" error={actionError} />
  );

  return (
    <section ref={panel} className="detail instance-detail" aria-labelledby="instance-title">
      <div className="detail-head">
        <h2 id="instance-title" ref={heading} tabIndex={-1}>
          {instance.project} / <span className="mono">{instance.branch}</span>
        </h2>
        <span className={`badge badge--tone-${state.tone}`}>
          <StatusIcon tone={state.tone} />
          {state.text}
        </span>
        <InterruptionBadge instance={instance} />
        <button
          type="button"
          className="button button--small detail-close"
          onClick={() => {
            a.select(null);
            // The panel goes with its Close button: focus goes to the instance's row.
            void returnFocus(null, { fallback: () => document.querySelector<HTMLElement>(`[role="row"][data-id="${id}"]`) ?? fleetFocus() });
          }}
        >
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
      <div className="action-bar" role="group" aria-label="Instance actions" onClickCapture={() => setOrigin('actions')}>
        <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.openUrl(id)}>
          Open
        </button>
        {instance.access !== 'ssm' && (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.openSsh(id, 'ssh')}>
            SSH
          </button>
        )}
        {instance.access !== 'ssh' && (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.openSsh(id, 'ssm')}>
            Open shell (SSM)
          </button>
        )}
        {instance.access !== 'ssm' && (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.copySsh(id, 'ssh')}>
            Copy SSH command
          </button>
        )}
        {instance.access !== 'ssh' && (
          <button type="button" className="button" disabled={busy !== null || !alive} onClick={() => void a.copySsh(id, 'ssm')}>
            Copy SSM command
          </button>
        )}
        <button type="button" className="button" disabled={busy !== null} onClick={() => void a.consoleOutput(id)}>
          Console output
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void a.diagnose(id)}>
          Diagnose
        </button>
      </div>
      {origin === 'actions' && errorAlert}
      <div className="action-bar" role="group" aria-label="Expiry" onClickCapture={() => setOrigin('expiry')}>
        <span className="action-label">Extend</span>
        {['1h', '4h', '24h'].map((d) => (
          <button key={d} type="button" className="button" disabled={busy !== null || !alive} onClick={(e) => extend(e.currentTarget, d)} aria-label={`Extend by ${d}`}>
            +{d}
          </button>
        ))}
        <form
          className="extend-form"
          onSubmit={(event) => {
            event.preventDefault();
            const from = (event.nativeEvent as SubmitEvent).submitter ?? (event.currentTarget.elements.namedItem('extend-duration') as HTMLElement);
            if (duration.trim()) extend(from, duration.trim());
          }}
        >
          <label htmlFor="extend-duration" className="visually-hidden">
            Extend by
          </label>
          <input
            id="extend-duration"
            name="extend-duration"
            className="input-narrow"
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            aria-invalid={origin === 'expiry' && actionError !== null ? true : undefined}
            aria-describedby={origin === 'expiry' && actionError !== null ? 'instance-action-error' : undefined}
          />
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
      {origin === 'expiry' && errorAlert}
      {busy && (
        <p className="status" role="status">
          Working…
        </p>
      )}
      {output && output.id === id && (
        <div className="action-output">
          {output.kind === 'ssh' && (
            <>
              <p>{output.copied ? `Copied the ${output.via === 'ssm' ? 'SSM' : 'SSH'} command:` : 'Copying is not allowed here; select the command and copy it:'}</p>
              <input
                className="mono ssh-text"
                readOnly
                value={output.text}
                aria-label={output.via === 'ssm' ? 'SSM command' : 'SSH command'}
                onFocus={(e) => e.currentTarget.select()}
              />
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
            return a.pin(id);
          }}
          fallbackFocus={() => heading.current}
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
            return a.terminate(id);
          }}
          fallbackFocus={fleetFocus}
        >
          <p>
            {instance.project} / {instance.branch} ({ownerName(instance.owner)}) is terminated for good, with its disk.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
