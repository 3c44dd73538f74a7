import { useId, useRef, type ReactNode } from 'react';
import type { LaunchDefaults as LaunchDefaultsValues } from '@contract/settings/dto';
import { useAppStore } from '../../stores/store-context';
import { LaunchOptionDefaults } from './LaunchOptionDefaults';
import { HiddenHeader } from '../../components/HiddenHeader';
import { ErrorAlert } from '../../components/ErrorAlert';

const none = <span className="muted">—</span>;

/**
 * Settings → Launch defaults: per project, the values imported from an instance.config, each
 * removable, and the values of the template options it declares.
 */
export function LaunchDefaultsCard() {
  const view = useAppStore((s) => s.settings.view);
  const action = useAppStore((s) => s.settings.defaultsAction);
  const remove = useAppStore((s) => s.settings.removeLaunchDefaults);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  if (!view) return null;
  const entries = Object.entries(view.settings.launchDefaults).sort(([a], [b]) => a.localeCompare(b));

  const removeOne = async (project: string) => {
    // The row (and its button) goes away: keep the keyboard user in this card.
    if (await remove(project)) heading.current?.focus();
  };

  return (
    <section className="settings-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Launch defaults
      </h2>
      <p className="hint">
        Values imported from a product's <code className="mono">instance.config</code>, and template option values set below. A launch of
        the project uses them instead of its template's image, instance type, region, count, security group and options; what you choose in
        the launch still wins.
      </p>
      {entries.length === 0 ? (
        <p className="muted">No launch defaults yet. Import an instance.config below, or set template option values, to add some.</p>
      ) : (
        <div className="table-wrap">
          <table className="settings-table" aria-label="Launch defaults">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Values</th>
                <th scope="col">Imported from</th>
                <HiddenHeader>Actions</HiddenHeader>
              </tr>
            </thead>
            <tbody>
              {entries.map(([project, d]) => (
                <tr key={project}>
                  <th scope="row" className="mono">
                    {project}
                  </th>
                  <td>
                    <LaunchValues defaults={d} none={none} />
                  </td>
                  <td className="mono small launch-source">{d.source ?? none}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`Remove the launch defaults of ${project}`}
                      onClick={() => void removeOne(project)}
                      disabled={action.status === 'removing'}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {action.status === 'error' && (
        <ErrorAlert title={`Could not remove the launch defaults of ${action.project}.`} error={action.error} />
      )}
      {action.status === 'removed' && (
        <p className="ok-line" role="status">
          Removed the launch defaults of {action.project}; its launches use the template's values again.
        </p>
      )}
      <LaunchOptionDefaults />
    </section>
  );
}

/**
 * The values a project's launch defaults set, one labelled line each (only those set), so the
 * table keeps four columns and fits a narrow window.
 */
function LaunchValues({ defaults: d, none }: { defaults: LaunchDefaultsValues; none: ReactNode }) {
  const options = Object.entries(d.options ?? {});
  const lines: Array<[string, string]> = [
    ['Image', d.imageId],
    ['Instance type', d.instanceType],
    ['Region', d.region],
    ['Count', d.count === null ? null : String(d.count)],
    ['Security group', d.securityGroupId],
    ['Options', options.length ? options.map(([k, v]) => `${k}=${v}`).join(', ') : null],
  ].filter((line): line is [string, string] => line[1] !== null);
  if (lines.length === 0) return <>{none}</>;
  return (
    <ul className="plain-list launch-values">
      {lines.map(([label, value]) => (
        <li key={label}>
          <span className="muted">{label}</span> <span className="mono">{value}</span>
        </li>
      ))}
    </ul>
  );
}
