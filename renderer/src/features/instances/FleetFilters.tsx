import { memo, useCallback, useMemo, type ReactNode } from 'react';
import type { InstanceDto, InstanceState } from '@contract/instances/dto';
import { groupDigits, plural } from '../../components/format';
import { useAppStore } from '../../stores/store-context';
import { selectFleet, selectInstanceFilter } from '../../stores/instances-slice';
import { ownerName } from './instance-words';

const states: InstanceState[] = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

function distinct(fleet: readonly InstanceDto[], pick: (i: InstanceDto) => string | undefined): string[] {
  const values = new Set<string>();
  for (const instance of fleet) {
    const value = pick(instance);
    if (value) values.add(value);
  }
  return [...values].sort();
}

type SelectName = 'project' | 'branch' | 'owner' | 'state' | 'env' | 'site' | 'region';

interface FilterSelectProps {
  name: SelectName;
  label: string;
  value: string;
  /** The option elements after the blank one, made once per fleet (the branch list can hold thousands). */
  options: ReactNode;
  anyLabel?: string;
  onPick(name: SelectName, value: string): void;
}

/**
 * One filter's select. Memoised: a keystroke in the search box or a change of another filter does
 * not reconcile its options again (with 5 000 instances the branch list alone has thousands).
 */
const FilterSelect = memo(function FilterSelect({ name, label, value, options, anyLabel = 'Any', onPick }: FilterSelectProps) {
  return (
    <div className="field field--compact">
      <label htmlFor={`fleet-${name}`}>{label}</label>
      <select id={`fleet-${name}`} value={value} onChange={(e) => onPick(name, e.target.value)}>
        <option value="">{anyLabel}</option>
        {options}
      </select>
    </div>
  );
});

const optionList = (values: string[], text: (value: string) => string = (value) => value) =>
  values.map((value) => (
    <option key={value} value={value}>
      {text(value)}
    </option>
  ));

/** Search and the project/branch/owner/state/env/site/region filters, over the whole fleet. */
export function FleetFilters({ shown }: { shown: number }) {
  const fleet = useAppStore(selectFleet);
  const filter = useAppStore(selectInstanceFilter);
  const me = useAppStore((s) => s.instances.me);
  const setFilter = useAppStore((s) => s.instances.setFilter);
  const clearFilter = useAppStore((s) => s.instances.clearFilter);

  const options = useMemo(
    () => ({
      project: optionList(distinct(fleet, (i) => i.project)),
      branch: optionList(distinct(fleet, (i) => i.branch)),
      env: optionList(distinct(fleet, (i) => i.tags.env)),
      site: optionList(distinct(fleet, (i) => i.tags.site)),
      region: optionList(distinct(fleet, (i) => i.region)),
      state: optionList(states),
    }),
    [fleet],
  );
  const ownerOptions = useMemo(
    () => (
      <>
        <option value="mine" disabled={me === null}>
          Mine
        </option>
        {optionList(distinct(fleet, (i) => i.owner), ownerName)}
      </>
    ),
    [fleet, me],
  );
  const pick = useCallback(
    (name: SelectName, value: string) => setFilter(name === 'state' ? { state: (value || undefined) as InstanceState | undefined } : { [name]: value }),
    [setFilter],
  );

  const select = (name: Exclude<SelectName, 'owner' | 'state'>, label: string) => (
    <FilterSelect name={name} label={label} value={filter[name] ?? ''} options={options[name]} onPick={pick} />
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
      <FilterSelect name="owner" label="Owner" value={filter.owner ?? ''} options={ownerOptions} anyLabel="Anyone" onPick={pick} />
      <FilterSelect name="state" label="State" value={state} options={options.state} onPick={pick} />
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
