import { useMemo } from 'react';
import { jobRunning } from '../../stores/agents-slice';
import { useAppStore } from '../../stores/store-context';
import type { InstanceDto } from '@contract/instances/dto';
import { instanceName } from '../instances/instance-words';

/**
 * The bulk actions on the ticked instances: how many are ticked (and how many of those the
 * filters hide), Sync now (its panel takes the focus), and clearing the selection.
 */
export function SyncNowBar({ rows }: { rows: InstanceDto[] }) {
  const checked = useAppStore((s) => s.instances.checked);
  const fleet = useAppStore((s) => s.instances.fleet);
  const setChecked = useAppStore((s) => s.instances.setChecked);
  const running = useAppStore((s) => jobRunning(s.agents.job));
  const syncNow = useAppStore((s) => s.agents.syncNow);

  const targets = useMemo(() => {
    const ids = new Set(checked);
    return fleet.filter((i) => ids.has(i.id));
  }, [checked, fleet]);
  const hidden = useMemo(() => {
    if (targets.length === 0) return 0; // the usual case: no id set of thousands of rows per keystroke
    const shown = new Set(rows.map((r) => r.id));
    return targets.filter((t) => !shown.has(t.id)).length;
  }, [rows, targets]);

  const start = () => {
    void syncNow(targets.map((i) => ({ id: i.id, region: i.region, label: instanceName(i) })));
  };

  return (
    <div className="sync-bar" role="toolbar" aria-label="Selected instances">
      <span className="sync-bar-count">
        {targets.length === 0 ? 'None selected' : `${targets.length} selected`}
        {hidden > 0 ? ` (${hidden} hidden by filters)` : ''}
      </span>
      <button type="button" className="button" disabled={targets.length === 0 || running} onClick={start} aria-describedby="sync-bar-hint">
        Sync now
      </button>
      <button type="button" className="button button--small" disabled={targets.length === 0} onClick={() => setChecked([])}>
        Clear selection
      </button>
      <span id="sync-bar-hint" className="muted sync-bar-hint">
        {running ? 'A sync is running; wait for it or cancel it below.' : 'Runs flotilla-agent sync on each over SSH. Space ticks the focused row.'}
      </span>
    </div>
  );
}
