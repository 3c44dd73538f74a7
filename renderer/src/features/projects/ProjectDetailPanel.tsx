import type { ReactNode } from 'react';
import type { Problem, ProjectDetail, ProjectSummary } from '@contract/projects/dto';
import { displayName } from '../../components/format';
import { Icon } from '../../components/Icon';
import { StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../stores/store-context';
import { selectDetail, selectDetailError, selectDetailLoading, selectSelectedSummary } from '../../stores/projects-slice';
import { PreviewForm } from './PreviewForm';
import { ErrorAlert } from '../../components/ErrorAlert';

export function ProjectDetailPanel() {
  const summary = useAppStore(selectSelectedSummary);
  const detail = useAppStore(selectDetail);
  const loading = useAppStore(selectDetailLoading);
  const error = useAppStore(selectDetailError);
  const refresh = useAppStore((s) => s.projects.refreshDetail);

  if (!summary) {
    return <p className="hint">Select a project to see its metadata and problems, and to preview its user-data.</p>;
  }

  return (
    <section className="detail" aria-labelledby="project-detail-heading">
      <div className="detail-head">
        <h2 id="project-detail-heading">{displayName(summary)}</h2>
        <StateBadge project={detail ?? summary} />
      </div>

      {error && (
        <ErrorAlert title={`Could not load the details of ${summary.id}.`} error={error} onRetry={() => void refresh()} />
      )}
      {!detail && loading && (
        <p className="status" role="status">
          Loading details…
        </p>
      )}

      <Metadata project={detail ?? summary} />
      {detail && <Problems problems={detail.problems} />}
      {detail && <Extras detail={detail} />}
      <PreviewForm />
    </section>
  );
}

function Metadata({ project }: { project: ProjectSummary }) {
  const rows: [string, ReactNode][] = [
    ['Id', project.id],
    ['File', project.file],
    ['Repository', project.repo],
    ['AMI', project.imageId],
    ['Instance type', project.instanceType],
    ['Ready URL', project.readyUrl],
  ];
  return (
    <dl className="meta">
      {rows.map(([label, value]) => (
        <div className="meta-row" key={label}>
          <dt>{label}</dt>
          <dd className={value ? 'mono' : 'muted'}>{value || 'not set'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The problems in the order main gives them (by line), each marked Error or Warning in words. */
function Problems({ problems }: { problems: Problem[] }) {
  return (
    <div className="block">
      <h3>Problems</h3>
      {problems.length === 0 ? (
        <p className="ok-line">
          <Icon name="valid" /> No problems found.
        </p>
      ) : (
        <ul className="problems">
          {problems.map((problem, index) => (
            <li key={index} className={`problem problem--${problem.severity}`}>
              <Icon name={problem.severity === 'error' ? 'error' : 'warning'} />
              <span className="problem-kind">{problem.severity === 'error' ? 'Error' : 'Warning'}</span>
              <code className="problem-text">{problem.text}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Extras({ detail }: { detail: ProjectDetail }) {
  const keys = Object.keys(detail.meta).sort();
  return (
    <div className="block extras">
      <details>
        <summary>All metadata ({keys.length === 1 ? '1 key' : `${keys.length} keys`})</summary>
        {keys.length === 0 ? (
          <p className="muted">This template has no fleeting-meta lines.</p>
        ) : (
          <dl className="kv">
            {keys.map((key) => (
              <div className="kv-row" key={key}>
                <dt className="mono">{key}</dt>
                <dd className="mono">{detail.meta[key]}</dd>
              </div>
            ))}
          </dl>
        )}
      </details>
      <details>
        <summary>Template source</summary>
        <pre className="code" tabIndex={0}>
          {detail.source}
        </pre>
      </details>
    </div>
  );
}
