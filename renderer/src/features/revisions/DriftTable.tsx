import { useId } from 'react';
import type { DriftEntry, DriftReport, DriftState } from '@contract/revisions/dto';
import { useAppStore } from '../../stores/store-context';
import { timeAgo } from '../../components/format';
import { RevisionsErrorAlert } from './RevisionsErrorAlert';

const TONE: Record<DriftState, string> = { current: 'ok', behind: 'warn', stale: 'error', missing: 'idle', orphan: 'idle' };

/** The legend, in the order a reader meets the states in the table. */
export const DRIFT_LEGEND: Array<[DriftState, string]> = [
  ['current', 'runs the revision the bucket names current.'],
  ['behind', 'runs another revision: it has not synced since the last bless yet, or was jumped to another one after it.'],
  ['stale', 'runs another revision and has not reported for more than {hours} h since the last bless (is its sync running?), or its report is unreadable.'],
  ['missing', 'a live instance of a project that runs this package (named after it, or another of its instances reported) with no report yet (no agent, or it never jumped).'],
  ['orphan', 'a report from no live instance (terminated, or not one of Flotilla’s).'],
];

function summary(report: DriftReport): string {
  const live = report.entries.filter((e) => e.instance);
  const current = live.filter((e) => e.state === 'current').length;
  const others = report.otherInstances
    ? ` ${report.otherInstances} other live ${report.otherInstances === 1 ? 'instance is' : 'instances are'} not listed: no instance of ${report.otherInstances === 1 ? 'its' : 'their'} project has reported for ${report.package}.`
    : '';
  if (!report.current) return `${report.package} has no current revision in the bucket.${others}`;
  if (live.length === 0 && report.instancesError) return `Which live instances run ${report.package} is unknown: they could not be listed. The bucket's current revision is ${report.current}.`;
  if (live.length === 0) return `No live instance runs ${report.package}; the bucket's current revision is ${report.current}.${others}`;
  return `${current} of ${live.length} live ${live.length === 1 ? 'instance runs' : 'instances run'} the current revision, ${report.current}.${others}`;
}

function Row({ entry, now }: { entry: DriftEntry; now: number }) {
  return (
    <tr>
      <th scope="row">
        {entry.instance ? (
          <>
            {entry.instance.name} <span className="muted mono">{entry.instance.id}</span>
          </>
        ) : (
          <span className="mono">{entry.id}</span>
        )}
      </th>
      <td>
        <span className={`badge badge--tone-${TONE[entry.state]}`}>{entry.state}</span>
      </td>
      <td className="mono">
        {entry.revision ?? '—'}
        {entry.problem && <p className="warn-line">{entry.problem}</p>}
      </td>
      <td className="mono">{entry.launchedWith ?? '—'}</td>
      <td title={entry.reportedAt ?? undefined}>{timeAgo(entry.reportedAt, now)}</td>
      <td>{entry.instance ? `${entry.instance.region}, ${entry.instance.state}` : entry.host ?? '—'}</td>
    </tr>
  );
}

/** Which revision each server of the package runs, from its agent's reports, with a legend. */
export function DriftTable({ pkg }: { pkg: string }) {
  const report = useAppStore((s) => s.revisions.drift);
  const loading = useAppStore((s) => s.revisions.driftLoading);
  const error = useAppStore((s) => s.revisions.driftError);
  const loadDrift = useAppStore((s) => s.revisions.loadDrift);
  const ids = { heading: useId(), legend: useId(), legendTitle: useId() };
  const now = Date.now();
  const shown = report && report.package === pkg ? report : null;
  return (
    <section className="drift" aria-labelledby={ids.heading}>
      <div className="page-head page-head--row section-head">
        <h3 id={ids.heading}>Servers</h3>
        <button type="button" className="button" onClick={() => void loadDrift(pkg)} disabled={loading}>
          Check again
        </button>
      </div>
      <p className="page-sub">
        Which revision each live instance runs, from what its agent last reported in <code>flotilla-status/{pkg}/</code>.
      </p>
      {loading && (
        <p className="status" role="status">
          Checking the servers…
        </p>
      )}
      {error && <RevisionsErrorAlert error={error} />}
      {shown && !loading && (
        <>
          <p className="status" role="status">
            {summary(shown)}
          </p>
          {shown.instancesError && (
            <div className="alert alert--warn" role="note">
              <p>Not every live instance could be listed, so reports are shown by revision and none is called orphan.</p>
              <p className="muted">{shown.instancesError}</p>
            </div>
          )}
          {shown.entries.length === 0 ? (
            <p>No live instance and no report for {pkg} yet. A server reports after its agent’s first jump (flotilla-agent sync).</p>
          ) : (
            <div className="table-wrap">
              <table className="revisions-table" aria-label={`Servers running ${pkg}`} aria-describedby={ids.legend}>
                <thead>
                  <tr>
                    <th scope="col">Server</th>
                    <th scope="col">State</th>
                    <th scope="col">Reports</th>
                    <th scope="col" title="The revision the instance was launched with (its flotilla:revision tag)">
                      Launched with
                    </th>
                    <th scope="col">Reported</th>
                    <th scope="col">Where</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.entries.map((entry) => (
                    <Row key={`${entry.id}/${entry.key ?? ''}`} entry={entry} now={now} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="drift-legend" role="group" aria-labelledby={ids.legendTitle}>
            <p id={ids.legendTitle} className="small muted">
              Legend
            </p>
            <dl id={ids.legend}>
              {DRIFT_LEGEND.map(([state, text]) => (
                <div key={state}>
                  <dt>
                    <span className={`badge badge--tone-${TONE[state]}`}>{state}</span>
                  </dt>
                  <dd>{text.replace('{hours}', String(shown.staleAfterHours))}</dd>
                </div>
              ))}
            </dl>
          </div>
        </>
      )}
    </section>
  );
}
