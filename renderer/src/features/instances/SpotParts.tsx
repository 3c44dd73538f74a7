import type { InstanceDto, MarketMode } from '@contract/instances/dto';
import type { LaunchResolution, LaunchResult } from '@contract/instances/launch-dto';
import { MessageText } from '../../components/MessageText';
import { StatusIcon } from './StatusIcon';

/** `at 12:02:00` in the user's time, or '' when EC2 gave no time. */
function atTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? ` at ${new Date(at).toLocaleTimeString()}` : '';
}

/** The words for an interruption notice: `Spot interruption at 12:02:00`. */
export function interruptionText(instance: Pick<InstanceDto, 'interruption'>): string | null {
  return instance.interruption === null ? null : `Spot interruption${atTime(instance.interruption)}`;
}

/** A warning badge when EC2 announced (or carried out) a Spot interruption of the instance; nothing otherwise. */
export function InterruptionBadge({ instance }: { instance: Pick<InstanceDto, 'interruption'> }) {
  const text = interruptionText(instance);
  if (!text) return null;
  return (
    <span className="badge badge--tone-warn" title={`${text}: EC2 is reclaiming this Spot instance; it will be terminated.`}>
      <StatusIcon tone="warn" />
      <span>{text}</span>
    </span>
  );
}

const MARKET_WORDS: Record<MarketMode, string> = {
  'on-demand': 'On-demand',
  spot: 'Spot (cheaper; can be interrupted)',
  'spot-or-on-demand': 'Spot, else on-demand',
};

/** The launch form's Market select: empty means the project's market, which the hint names. */
export function MarketSelect({ value, resolved, onChange }: { value: string; resolved: LaunchResolution['market'] | undefined; onChange(value: string): void }) {
  const fallback = resolved && resolved.source !== 'launch' ? resolved.value : null;
  return (
    <div className="field">
      <label htmlFor="launch-market">Market</label>
      <select id="launch-market" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="launch-market-hint">
        <option value="">{fallback ? `Project's (${MARKET_WORDS[fallback]})` : "Project's"}</option>
        {(Object.keys(MARKET_WORDS) as MarketMode[]).map((m) => (
          <option key={m} value={m}>
            {MARKET_WORDS[m]}
          </option>
        ))}
      </select>
      <p id="launch-market-hint" className="field-hint">
        Spot costs less but EC2 may reclaim it with two minutes' notice; Spot, else on-demand starts on-demand whatever Spot refuses.
      </p>
    </div>
  );
}

/** After a launch in a Spot market: which instances are Spot and which fell back to on-demand, and why. */
export function LaunchedMarkets({ result }: { result: LaunchResult }) {
  if (result.plan.market === 'on-demand' || result.markets.length === 0) return null;
  const spot = result.markets.filter((m) => m.market === 'spot').length;
  const fellBack = result.markets.filter((m) => m.fallback);
  return (
    <div className="launch-markets">
      <p>
        {spot} of {result.markets.length} on Spot{fellBack.length > 0 ? `, ${fellBack.length} on-demand instead` : ''}.
      </p>
      {fellBack.length > 0 && (
        <ul aria-label="Started on-demand instead of Spot">
          {fellBack.map((m) => (
            <li key={m.id}>
              <span className="mono">{m.id}</span>: Spot refused ({m.fallback!.code}) — <MessageText text={m.fallback!.message} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
