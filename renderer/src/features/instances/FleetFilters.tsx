import { useMemo } from 'react';
import type { InstanceDto, InstanceState } from '../../../../main/contract/dto/instances';
import { groupDigits, plural } from '../../components/format';
import { useAppStore } from '../../stores/store-context';
import { selectFleet, selectInstanceFilter } from '../../stores/instances-slice';
import { ownerName } from './format';

const states: InstanceState[] = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

function distinct(fleet: readonly InstanceDto[], pick: (i: InstanceDto) => string | undefined): string[] {
  const values = new Set<string>();
  for (const instance of fleet) {
    const value = pick(instance);
    if (value) values.add(value);
  }
  return [...values].sort();
}

/** Search and the project/branch/owner/state/env/site/region filters, over the whole fleet. */
export function FleetFilters({ shown }: { shown: number }) {
  const fleet = useAppStore(selectFleet);
  const filter = useAppStore(selectInstanceFilter);
  const me = useAppStore((s) => s.instances.me);
  const setFilter = useAppStore((s) => s.instances.setFilter);
  const clearFilter = useAppStore((s) => s.instances.clearFilter);

  const options = useMemo(
    () => ({
      project: distinct(fleet, (i) => i.project),
      branch: distinct(fleet, (i) => i.branch),
      owner: distinct(fleet, (i) => i.owner),
      env: distinct(fleet, (i) => i.tags.env),
      site: distinct(fleet, (i) => i.tags.site),
      region: distinct(fleet, (i) => i.region),
    }),
    [fleet],
  );

  const select = (name: 'project' | 'branch' | 'env' | 'site' | 'region', label: string) => (
    <div className="field field--compact">
      <label htmlFor={`fleet-${name}`}>{label}</label>
      <select id={`fleet-${name}`} value={filter[name] ?? ''} onChange={(e) => setFilter({ [name]: e.target.value })}>
        <option value="">Any</option>
        {options[name].map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </div>
  );

  const active = Object.keys(filter).length > 0;
  const state = typeof filter.state === 'string' ? filter.state : '';

  return (
    <div className="fleet-filters" role="search" aria-label="Filter instances">
      <div className="field field--search">
        <label htmlFor="fleet-search">Search</label>
        <input
          id="fleet-search"
          type="search"
          placeholder="id, branch, user, address, tag…"
          value={filter.text ?? ''}
          onChange={(e) => setFilter({ text: e.target.value })}
        />
      </div>
      {select('project', 'Project')}
      {select('branch', 'Branch')}
      <div className="field field--compact">
        <label htmlFor="fleet-owner">Owner</label>
        <select id="fleet-owner" value={filter.owner ?? ''} onChange={(e) => setFilter({ owner: e.target.value })}>
          <option value="">Anyone</option>
          <option value="mine" disabled={me === null}>
            Mine
          </option>
          {options.owner.map((owner) => (
            <option key={owner} value={owner}>
              {ownerName(owner)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--compact">
        <label htmlFor="fleet-state">State</label>
        <select id="fleet-state" value={state} onChange={(e) => setFilter({ state: (e.target.value || undefined) as InstanceState | undefined })}>
          <option value="">Any</option>
          {states.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      {select('env', 'Env')}
      {select('site', 'Site')}
      {select('region', 'Region')}
      <div className="fleet-filters-end">
        <span className="muted" aria-live="polite">
          {active ? `${groupDigits(shown)} of ${groupDigits(fleet.length)} shown` : plural(fleet.length, 'instance')}
        </span>
        {active && (
          <button type="button" className="button button--small" onClick={clearFilter}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
