import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PackageSummary, RevisionInfo } from '@contract/revisions/dto';
import { timeAgo } from '../../components/format';
import { HiddenHeader } from '../../components/HiddenHeader';
import { useAppStore } from '../../stores/store-context';
import { ConfirmDialog } from '../instances/ConfirmDialog';
import { DriftTable } from './DriftTable';
import { RevisionsErrorAlert } from './RevisionsErrorAlert';
import { formatBytes } from '@contract/format-bytes';
import { LaunchRevisionDialog } from './LaunchRevisionDialog';
import { SpoolPanel } from './SpoolPanel';

type Pending = { kind: 'jump'; revision: RevisionInfo } | { kind: 'jumpBack'; pkg: PackageSummary } | { kind: 'launch'; pkg: string; revision: string };

function PackagesTable({ packages, selected, onSelect }: { packages: PackageSummary[]; selected: string | null; onSelect(name: string): void }) {
  return (
    <div className="table-wrap">
    <table className="revisions-table" aria-label="Packages">
      <thead>
        <tr>
          <th scope="col">Package</th>
          <th scope="col">Current</th>
          <th scope="col">Previous</th>
        </tr>
      </thead>
      <tbody>
        {packages.map((p) => (
          <tr key={p.name} className={p.name === selected ? 'is-selected' : undefined}>
            <th scope="row">
              <button type="button" className="button" aria-pressed={p.name === selected} onClick={() => onSelect(p.name)}>
                {p.name}
              </button>
            </th>
            <td>{p.current ?? '—'}</td>
            <td>{p.previous ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** A package's revisions, newest first (the core lists them oldest first: revs start with their UTC time). */
function RevisionsTable({ pkg, revisions, busy, onBless, onLaunch }: { pkg: string; revisions: RevisionInfo[]; busy: boolean; onBless(r: RevisionInfo): void; onLaunch(r: RevisionInfo): void }) {
  const now = Date.now();
  const newestFirst = useMemo(() => [...revisions].reverse(), [revisions]);
  return (
    <div className="table-wrap">
      <table id="revisions-table" className="revisions-table" aria-label={`Revisions of ${pkg}`} tabIndex={-1}>
        <thead>
          <tr>
            <th scope="col" aria-sort="descending">
              Revision <span className="muted small">(newest first)</span>
            </th>
            <th scope="col">Pointer</th>
            <th scope="col">Size</th>
            <th scope="col">Age</th>
            <HiddenHeader>Actions</HiddenHeader>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>
                {r.current && <span className="badge badge--tone-ok">current</span>}
                {r.previous && <span className="badge badge--tone-idle">previous</span>}
              </td>
              <td>{formatBytes(r.size)}</td>
              <td title={r.lastModified}>{timeAgo(r.lastModified, now)}</td>
              <td className="row-actions">
                <button type="button" className="button" disabled={busy || r.current} onClick={() => onBless(r)} aria-label={`Bless ${r.name}`}>
                  Bless
                </button>
                <button type="button" className="button" onClick={() => onLaunch(r)} aria-label={`Launch ${r.name}`} title="Launch this revision">
                  Launch…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The bucket side of release revisions: spool, packages and their revisions, bless and roll back, drift. */
export function RevisionsPage() {
  const { packages, loaded, loading, error, selected, revisions, revisionsLoading, revisionsError, busy, actionError, lastPointers, load, select, jump, jumpBack } = useAppStore(
    useShallow((s) => ({
      packages: s.revisions.packages,
      loaded: s.revisions.loaded,
      loading: s.revisions.loading,
      error: s.revisions.error,
      selected: s.revisions.selected,
      revisions: s.revisions.revisions,
      revisionsLoading: s.revisions.revisionsLoading,
      revisionsError: s.revisions.revisionsError,
      busy: s.revisions.busy,
      actionError: s.revisions.actionError,
      lastPointers: s.revisions.lastPointers,
      load: s.revisions.load,
      select: s.revisions.select,
      jump: s.revisions.jump,
      jumpBack: s.revisions.jumpBack,
    })),
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const rollBackHint = useId();

  useEffect(() => {
    void load();
  }, [load]);

  const pkg = packages.find((p) => p.name === selected) ?? null;

  // Returned to the dialog, which puts focus back on Bless or Roll back once it is done.
  const confirm = () => {
    const p = pending;
    setPending(null);
    if (!p || p.kind === 'launch') return;
    return p.kind === 'jump' ? jump(p.revision.name) : jumpBack(p.pkg.name);
  };
  // A blessed revision's Bless is disabled (it is current), as is Roll back with no previous
  // revision left: the revisions table takes focus instead.
  const revisionsTable = () => document.getElementById('revisions-table');

  return (
    <div className="page page--wide">
      <div className="page-head page-head--row">
        <div>
          <h1>Revisions</h1>
          <p className="page-sub">
            The releases stored in the revisions bucket: spool a new one, bless one to make it current, roll a package back, and see which revision
            each server runs.
          </p>
        </div>
        <button type="button" className="button" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>

      <SpoolPanel />

      {error && <RevisionsErrorAlert error={error} />}
      {loading && (
        <p className="status" role="status">
          Loading packages…
        </p>
      )}
      {loaded && !loading && !error && packages.length === 0 && <p>The bucket holds no revisions yet.</p>}
      {packages.length > 0 && <PackagesTable packages={packages} selected={selected} onSelect={(name) => void select(name)} />}

      {pkg && (
        <section aria-label={`Package ${pkg.name}`}>
          <div className="page-head page-head--row section-head">
            <h2>
              {pkg.name}
              {!revisionsLoading && !revisionsError && <span className="page-sub"> — {revisions.length === 1 ? '1 revision' : `${revisions.length} revisions`}</span>}
            </h2>
            <div className="section-head-end">
              <button
                type="button"
                className="button"
                disabled={!pkg.current}
                title={pkg.current ? undefined : 'There is no current revision to launch.'}
                onClick={() => setPending({ kind: 'launch', pkg: pkg.name, revision: 'current' })}
              >
                Launch current…
              </button>
              {!pkg.previous && (
                <span id={rollBackHint} className="hint small">
                  Nothing to roll back to: there is no previous revision.
                </span>
              )}
              <button
                type="button"
                className="button button--danger"
                disabled={busy !== null || !pkg.previous}
                aria-describedby={pkg.previous ? undefined : rollBackHint}
                onClick={() => setPending({ kind: 'jumpBack', pkg })}
              >
                Roll back
              </button>
            </div>
          </div>
          {revisionsLoading && (
            <p className="status" role="status">
              Loading revisions…
            </p>
          )}
          {busy && (
            <p className="status" role="status">
              Working…
            </p>
          )}
          {revisionsError && <RevisionsErrorAlert error={revisionsError} />}
          {actionError && <RevisionsErrorAlert error={actionError} />}
          {lastPointers && lastPointers.package === pkg.name && !busy && (
            <p className="status" role="status">
              {pkg.name} is now at {lastPointers.current ?? 'no revision'}
              {lastPointers.previous ? ` (previous: ${lastPointers.previous})` : ''}.
            </p>
          )}
          {!revisionsLoading && !revisionsError && (
            <RevisionsTable
              pkg={pkg.name}
              revisions={revisions}
              busy={busy !== null}
              onBless={(revision) => setPending({ kind: 'jump', revision })}
              onLaunch={(revision) => setPending({ kind: 'launch', pkg: revision.package, revision: revision.name })}
            />
          )}
          <DriftTable pkg={pkg.name} />
        </section>
      )}

      {pending?.kind === 'jump' && (
        <ConfirmDialog title={`Bless ${pending.revision.name}?`} confirmLabel="Bless" onConfirm={confirm} onCancel={() => setPending(null)} fallbackFocus={revisionsTable}>
          <p>
            It becomes the current revision of {pending.revision.package} in the bucket
            {pkg?.current ? `, and ${pkg.current} becomes previous` : ''}. Servers pick it up on their next sync.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'launch' && <LaunchRevisionDialog pkg={pending.pkg} revision={pending.revision} onClose={() => setPending(null)} />}
      {pending?.kind === 'jumpBack' && (
        <ConfirmDialog title={`Roll back ${pending.pkg.name}?`} confirmLabel="Roll back" danger onConfirm={confirm} onCancel={() => setPending(null)} fallbackFocus={revisionsTable}>
          <p>
            {pending.pkg.previous} becomes current again in the bucket, in place of {pending.pkg.current ?? 'no revision'}. Servers pick it up on their
            next sync.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
