import { useEffect } from 'react';
import { useAppStore } from '../../stores/store-context';
import { AwsAccounts } from './AwsAccounts';
import { ImportPanel } from './ImportPanel';
import { LaunchDefaultsCard } from './LaunchDefaults';
import { SettingsForm } from './SettingsForm';
import { MessageText } from '../../components/MessageText';

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
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Could not load the settings.</strong> <MessageText text={error.message} />
          </p>
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
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
