import { useEffect, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { instanceMatcher, prepareSearchText } from '@contract/fleet-filter';
import type { InstanceDto } from '@contract/instances/dto';
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
import { ErrorAlert } from '../../components/ErrorAlert';

/** Builds the fleet's search text while the page is idle, so the first keystroke does not. */
function usePreparedSearch(fleet: readonly InstanceDto[]) {
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') return;
    let handle = 0;
    const step = (from: number) => (deadline: IdleDeadline) => {
      const next = prepareSearchText(fleet, from, () => deadline.timeRemaining() > 2);
      if (next < fleet.length) handle = requestIdleCallback(step(next));
    };
    handle = requestIdleCallback(step(0));
    return () => cancelIdleCallback(handle);
  }, [fleet]);
}

/**
 * The rows the filters let through, worked out once per change of fleet, filter or user for the
 * totals, the filters' count and the grid. Not deferred (useDeferredValue): measured with 5 000
 * instances, the second render and frame it costs outweigh what it saves (npm run bench -- renderer).
 */
function useShownRows(fleet: readonly InstanceDto[]): InstanceDto[] {
  const filter = useAppStore(selectInstanceFilter);
  const me = useAppStore((s) => s.instances.me);
  return useMemo(() => fleet.filter(instanceMatcher(filter, me)), [fleet, filter, me]);
}

/** The filters and what they let through. The grid stays mounted while no row matches: a match then costs an update, not a new grid. */
function FilteredFleet({ rows }: { rows: InstanceDto[] }) {
  return (
    <>
      <FleetFilters shown={rows.length} />
      <SyncNowBar rows={rows} />
      {rows.length === 0 && <p className="empty-filter">No instance matches these filters.</p>}
      <FleetGrid rows={rows} hidden={rows.length === 0} />
    </>
  );
}

/**
 * The fleet section: its title and totals, then `status` (loading, empty fleet), the filters and
 * grid, then `children`. Only this part subscribes to the filter, so a keystroke in the search box
 * re-renders the filters and the grid, not the launch form, notices or details.
 */
function FleetSection({ loaded, status, children }: { loaded: boolean; status: ReactNode; children: ReactNode }) {
  const fleet = useAppStore(selectFleet);
  const rows = useShownRows(fleet);
  usePreparedSearch(fleet);
  return (
    <section className="fleet" aria-labelledby="fleet-title">
      <div className="fleet-title-row">
        <h2 id="fleet-title">Fleet</h2>
        {loaded && <FleetTotals rows={rows} fleetSize={fleet.length} />}
      </div>
      {status}
      {fleet.length > 0 && <FilteredFleet rows={rows} />}
      {children}
    </section>
  );
}

export function InstancesPage() {
  const { fleet, loaded, loading, error, regions, load } = useAppStore(
    useShallow((s) => ({
      fleet: selectFleet(s),
      loaded: s.instances.loaded,
      loading: s.instances.loading,
      error: s.instances.error,
      regions: s.instances.regions,
      load: s.instances.load,
    })),
  );

  useEffect(() => {
    void load();
  }, [load]);

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
        <ErrorAlert title="Could not list the instances." error={error} onRetry={() => void load()}>
          {error.code === 'unavailable' && (
            <p>
              Flotilla needs AWS credentials: pick an account in <strong>Settings → AWS accounts</strong>, or set{' '}
              <code className="mono">AWS_PROFILE</code> before starting Flotilla.
            </p>
          )}
        </ErrorAlert>
      )}
      {failedRegions.map((r) => (
        <ErrorAlert key={r.region} tone="warn" title={`${r.region}:`} message={r.error ?? 'could not be listed.'} />
      ))}

      <LaunchForm />

      <FleetSection
        loaded={loaded}
        status={
          <>
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
          </>
        }
      >
        <SyncPanel />
        {fleet.length > 0 && <InstanceDetail />}
      </FleetSection>
    </div>
  );
}
