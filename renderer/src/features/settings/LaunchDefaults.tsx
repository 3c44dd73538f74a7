import { useId, useRef } from 'react';
import { useAppStore } from '../../stores/store-context';
import { MessageText } from '../../components/MessageText';
import { LaunchOptionDefaults } from './LaunchOptionDefaults';

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
                <th scope="col">Image</th>
                <th scope="col">Instance type</th>
                <th scope="col">Region</th>
                <th scope="col">Count</th>
                <th scope="col">Security group</th>
                <th scope="col">Options</th>
                <th scope="col">Imported from</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([project, d]) => (
                <tr key={project}>
                  <th scope="row" className="mono">
                    {project}
                  </th>
                  <td className="mono nowrap">{d.imageId ?? none}</td>
                  <td className="mono nowrap">{d.instanceType ?? none}</td>
                  <td className="mono nowrap">{d.region ?? none}</td>
                  <td>{d.count ?? none}</td>
                  <td className="mono nowrap">{d.securityGroupId ?? none}</td>
                  <td className="mono small">
                    {d.options && Object.keys(d.options).length
                      ? Object.entries(d.options)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(', ')
                      : none}
                  </td>
                  <td className="mono small">{d.source ?? none}</td>
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
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Could not remove the launch defaults of {action.project}.</strong> <MessageText text={action.error.message} />
          </p>
        </div>
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
