import { useEffect } from 'react';
import { useAppStore } from '../../stores/store-context';
import { AwsAccounts } from './AwsAccounts';
import { ImportPanel } from './ImportPanel';
import { LaunchDefaultsCard } from './LaunchDefaults';
import { SettingsForm } from './SettingsForm';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Settings: AWS accounts, preferences and imports. */
export function SettingsPage() {
  const view = useAppStore((s) => s.settings.view);
  const loading = useAppStore((s) => s.settings.loading);
  const error = useAppStore((s) => s.settings.loadError);
  const load = useAppStore((s) => s.settings.load);

  // Loaded at start for the theme; loading again on each visit catches up after a dropped connection.
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page settings-page">
      <div className="page-head">
        <h1>Settings</h1>
        {view && (
          <p className="page-sub">
            Stored in <code className="mono">{view.file}</code>
          </p>
        )}
      </div>

      {view && view.warnings.length > 0 && (
        <section className="alert settings-warn" aria-label="Settings file warnings">
          <p>
            <strong>Your settings file needed attention.</strong>
          </p>
          <ul className="alert-list">
            {view.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.text}</code>
              </li>
            ))}
          </ul>
        </section>
      )}

      <AwsAccounts />

      {error && (
        <ErrorAlert title="Could not load the settings." error={error} onRetry={() => void load()} />
      )}
      {!view && loading && (
        <p className="status" role="status">
          Loading settings…
        </p>
      )}
      {view && (
        <section className="settings-card">
          <SettingsForm view={view} />
        </section>
      )}

      <LaunchDefaultsCard />
      <ImportPanel />
    </div>
  );
}
