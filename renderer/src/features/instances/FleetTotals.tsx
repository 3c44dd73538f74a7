import type { InstanceDto } from '@contract/instances/dto';
import { useAppStore } from '../../stores/store-context';
import { fleetTotals, priceSourcesOf, usd } from './cost';
import { useNow } from './ticker';

/**
 * What the rows shown cost (the totals follow the filters): per hour, so far, and to expiry. A
 * pinned instance is counted per hour and so far; it has no expiry, so it is left out of "To expiry".
 */
export function FleetTotals({ rows, fleetSize }: { rows: readonly InstanceDto[]; fleetSize: number }) {
  const pricesTakenAt = useAppStore((s) => s.instances.pricesTakenAt);
  const now = useNow();
  const regions = useAppStore((s) => s.instances.regions);
  const totals = fleetTotals(rows, now);
  // With no region listed, $0.00 would claim a free fleet: the totals are unknown.
  const unknown = regions.length > 0 && regions.every((r) => !r.ok);
  const money = (value: number) => (unknown ? '—' : usd(value));
  const sources = priceSourcesOf(rows);
  const notes = [
    sources.length > 0 ? `Prices: ${sources.join('; ')}` : `Shipped prices of ${pricesTakenAt ?? '—'}`,
    ...(rows.length < fleetSize ? [`for the ${rows.length} of ${fleetSize} shown`] : []),
    ...(totals.pinned > 0 ? [`${totals.pinned} pinned: no expiry, so not in To expiry`] : []),
    ...(totals.unpriced > 0 ? [`${totals.unpriced} without a price left out`] : []),
  ];
  return (
    <dl className="totals" aria-label="Fleet totals">
      <div>
        <dt>Per hour</dt>
        <dd>{money(totals.hourly)}</dd>
      </div>
      <div>
        <dt>So far</dt>
        <dd>{money(totals.soFar)}</dd>
      </div>
      <div>
        <dt>To expiry</dt>
        <dd>{money(totals.projected)}</dd>
      </div>
      <div className="totals-note">
        <dt className="visually-hidden">Prices</dt>
        <dd className="muted">{notes.join('; ')}</dd>
      </div>
    </dl>
  );
}
