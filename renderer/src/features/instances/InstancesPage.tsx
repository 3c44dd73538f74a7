import { useEffect, useMemo } from 'react';
import { instanceMatcher } from '../../../../main/contract/fleet-filter';
import { useAppStore } from '../../stores/store-context';
import { SyncNowBar } from '../agents/SyncNowBar';
import { SyncPanel } from '../agents/SyncPanel';
import { selectFleet, selectInstanceFilter } from '../../stores/instances-slice';
import { FleetFilters } from './FleetFilters';
import { FleetGrid } from './FleetGrid';
import { FleetTotals } from './FleetTotals';
import { InstanceDetail } from './InstanceDetail';
import { LaunchForm } from './LaunchForm';
import { Notices } from './Notices';

export function InstancesPage() {
  const fleet = useAppStore(selectFleet);
  const filter = useAppStore(selectInstanceFilter);
  const me = useAppStore((s) => s.instances.me);
  const loaded = useAppStore((s) => s.instances.loaded);
  const loading = useAppStore((s) => s.instances.loading);
  const error = useAppStore((s) => s.instances.error);
  const regions = useAppStore((s) => s.instances.regions);
  const load = useAppStore((s) => s.instances.load);

  useEffect(() => {
    void load();
  }, [load]);

  const rows = useMemo(() => fleet.filter(instanceMatcher(filter, me)), [fleet, filter, me]);
  const failedRegions = regions.filter((r) => !r.ok);

  return (
    <div className="page page--wide">
      <div className="page-head page-head--row">
        <div>
          <h1>Instances</h1>
          <p className="page-sub">The live fleet from EC2 tags, the same for everyone on the team.</p>
        </div>
        <button type="button" className="button" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </div>

      <Notices />

      {error && (
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Could not list the instances.</strong> {error.message}
          </p>
          {error.code === 'unavailable' && (
            <p>
              Flotilla needs AWS credentials: pick an account in <strong>Settings → AWS accounts</strong>, or set{' '}
              <code className="mono">AWS_PROFILE</code> before starting Flotilla.
            </p>
          )}
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {failedRegions.map((r) => (
        <div key={r.region} className="alert alert--warn" role="alert">
          <p>
            <strong>{r.region}:</strong> {r.error ?? 'could not be listed.'}
          </p>
        </div>
      ))}

      <LaunchForm />

      <section className="fleet" aria-labelledby="fleet-title">
        <div className="fleet-title-row">
          <h2 id="fleet-title">Fleet</h2>
          {loaded && <FleetTotals rows={rows} fleetSize={fleet.length} />}
        </div>
        {!loaded && loading && (
          <p className="status" role="status">
            Loading instances…
          </p>
        )}
        {loaded && fleet.length === 0 && failedRegions.length === 0 && (
          <div className="empty">
            <h2>No instances running</h2>
            <p>Nobody on the team has an instance in the selected regions. Launch one above.</p>
          </div>
        )}
        {loaded && fleet.length === 0 && failedRegions.length > 0 && (
          <div className="empty">
            <h2>No instances listed</h2>
            <p>
              {failedRegions.length === regions.length ? 'No region could be listed' : `${failedRegions.map((r) => r.region).join(', ')} could not be listed`}
              , so instances may be running there. See the message above, then Refresh.
            </p>
          </div>
        )}
        {fleet.length > 0 && (
          <>
            <FleetFilters shown={rows.length} />
            <SyncNowBar rows={rows} />
            {rows.length === 0 ? (
              <p className="empty-filter">No instance matches these filters.</p>
            ) : (
              <FleetGrid rows={rows} />
            )}
          </>
        )}
        <SyncPanel />
        {fleet.length > 0 && <InstanceDetail />}
      </section>
    </div>
  );
}
