import { memo, type KeyboardEvent } from 'react';
import type { InstanceDto } from '@contract/instances/dto';
import { timeAgo } from '../../components/format';
import { useAppStore } from '../../stores/store-context';
import { costSoFar, priceSourceLabel, usd } from './cost';
import { expiresIn, expiresSoon } from './expiry';
import type { ColumnKey } from './fleet-columns';
import { instanceName, ownerName, ssmText, stateText } from './instance-words';
import { StatusIcon } from './StatusIcon';
import { InterruptionBadge } from './SpotParts';
import { useNow } from './ticker';

function Countdown({ instance }: { instance: InstanceDto }) {
  const now = useNow();
  return <span className={expiresSoon(instance, now) ? 'countdown countdown--soon' : 'countdown'}>{expiresIn(instance, now)}</span>;
}

/** The cost so far; where its price comes from is the tooltip, and read after it. */
function LiveCost({ instance }: { instance: InstanceDto }) {
  const now = useNow();
  const source = priceSourceLabel(instance.priceSource);
  if (!source) return <>{usd(costSoFar(instance, now))}</>;
  return (
    <span title={`Price: ${source}`}>
      {usd(costSoFar(instance, now))}
      <span className="visually-hidden"> (price: {source})</span>
    </span>
  );
}

function Launched({ instance }: { instance: InstanceDto }) {
  const now = useNow();
  return <span title={instance.launchedAt}>{timeAgo(instance.launchedAt, now)}</span>;
}

/** "Running · booting" shows "Booting" (the narrow column), and is read (and found) whole. */
function BadgeText({ text }: { text: string }) {
  const cut = text.indexOf(' · ');
  if (cut < 0) return <span>{text}</span>;
  return (
    <span>
      <span className="visually-hidden">{text.slice(0, cut + 3)}</span>
      <span className="badge-rest">{text.slice(cut + 3)}</span>
    </span>
  );
}

/** The state badge; a not-ready instance's cell also says why (its diagnosis, once known). */
function StateCell({ instance }: { instance: InstanceDto }) {
  const state = stateText(instance);
  const why = useAppStore((s) => (instance.readiness === 'timed-out' ? s.instances.diagnoses[instance.id]?.summary : undefined));
  const ssm = ssmText(instance.ssm);
  const title = [why ? `${state.text}: ${why}` : state.text, ...(ssm ? [`SSM agent: ${ssm.long}`] : [])].join('. ');
  return (
    <div role="gridcell" data-col="state" className="fleet-cell" title={title}>
      <span className={`badge badge--tone-${state.tone}`}>
        <StatusIcon tone={state.tone} />
        <BadgeText text={state.text} />
      </span>
      <InterruptionBadge instance={instance} />
      {why && <span className="visually-hidden">: {why}</span>}
      {ssm && (
        <span className={`badge badge--ssm badge--tone-${ssm.tone}`} data-ssm={instance.ssm}>
          <span className="visually-hidden">, SSM agent: </span>
          <span aria-hidden="true">{ssm.short}</span>
          <span className="visually-hidden">{ssm.long}</span>
        </span>
      )}
    </div>
  );
}

export interface RowProps {
  instance: InstanceDto;
  index: number;
  start: number;
  selected: boolean;
  checked: boolean;
  tabbable: boolean;
  mine: boolean;
  shown: ReadonlySet<ColumnKey>;
  onSelect(id: string): void;
  onToggle(id: string): void;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number): void;
}

/** One instance of the grid: its cells for the columns `shown`, positioned at `start` by the virtualizer. */
export const FleetRow = memo(function FleetRow({ instance, index, start, selected, checked, tabbable, mine, shown, onSelect, onToggle, onKeyDown }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      data-id={instance.id}
      tabIndex={tabbable ? 0 : -1}
      className="fleet-row"
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onSelect(instance.id)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <div role="gridcell" className="fleet-cell fleet-check">
        {/* Out of the Tab order: Space on the row ticks it (one Tab stop for the whole grid). */}
        <input
          type="checkbox"
          tabIndex={-1}
          checked={checked}
          aria-label={`Select ${instanceName(instance)} (${instance.id})`}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggle(instance.id)}
        />
      </div>
      <div role="gridcell" data-col="project" className="fleet-cell fleet-cell--two" title={`${instance.project} (${instance.id})`}>
        <span className="fleet-project">{instance.project}</span>
        <span className="fleet-id mono">{instance.id}</span>
      </div>
      {shown.has('branch') && (
        <div role="gridcell" data-col="branch" className="fleet-cell mono cell-clip" title={instance.branch}>
          {instance.branch}
        </div>
      )}
      {shown.has('revision') && (
        <div role="gridcell" data-col="revision" className="fleet-cell mono cell-clip" title={instance.revision ?? undefined}>
          {instance.revision ?? <span className="muted">—</span>}
        </div>
      )}
      {shown.has('owner') && (
        <div role="gridcell" data-col="owner" className="fleet-cell cell-clip" title={instance.owner}>
          {ownerName(instance.owner)}
          {mine && <span className="tag-mine"> (you)</span>}
        </div>
      )}
      <StateCell instance={instance} />
      {shown.has('readyUrl') && (
        <div role="gridcell" data-col="readyUrl" className="fleet-cell mono cell-clip" title={instance.readyUrl ?? undefined}>
          {instance.readyUrl ?? <span className="muted">—</span>}
        </div>
      )}
      {shown.has('launched') && (
        <div role="gridcell" data-col="launched" className="fleet-cell nowrap">
          <Launched instance={instance} />
        </div>
      )}
      {shown.has('expires') && (
        <div role="gridcell" data-col="expires" className="fleet-cell nowrap">
          <Countdown instance={instance} />
        </div>
      )}
      {shown.has('cost') && (
        <div role="gridcell" data-col="cost" className="fleet-cell nowrap num">
          <LiveCost instance={instance} />
        </div>
      )}
    </div>
  );
});
