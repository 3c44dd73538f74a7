import { useAppStore } from '../stores/store-context';
import { goToSetting } from './go-to-setting';
import { MessageText } from './MessageText';

/** The header's line: who Flotilla is connected as (STS), in which regions, with which credentials. */
export function ConnectionLine() {
  const connection = useAppStore((s) => s.setup.connection);
  const loading = useAppStore((s) => s.setup.connectionLoading);
  const error = useAppStore((s) => s.setup.connectionError);
  const showPage = useAppStore((s) => s.ui.showPage);
  if (!connection) {
    return (
      <p className="connection-line" role="group" aria-label="Connection">
        {loading ? 'Connecting to AWS…' : error ? <MessageText text={`Connection unknown: ${error.message}`} /> : null}
      </p>
    );
  }
  const others = connection.regions.filter((r) => r !== connection.defaultRegion);
  const regions = (
    <span className="connection-part" title={others.length ? `Also listed: ${others.join(', ')}` : undefined}>
      <span className="connection-label">Region</span> <span className="mono">{connection.defaultRegion}</span>
      {others.length > 0 && <span className="connection-more"> +{others.length}</span>}
    </span>
  );
  const source = (
    <span className="connection-part connection-source" title={connection.sourceLabel}>
      <span className="connection-label">Credentials</span> {connection.sourceLabel}
    </span>
  );
  const endpoint = connection.endpoint && (
    <span className="connection-part connection-source" title={connection.endpoint}>
      <span className="connection-label">Endpoint</span> <span className="mono">{connection.endpoint}</span>
    </span>
  );
  if (!connection.identity) {
    return (
      <p className="connection-line connection-line--error" role="group" aria-label="Connection">
        <span className="connection-part connection-source" title={connection.error ?? undefined}>
          <strong>Not connected:</strong> <MessageText text={connection.error ?? 'the credentials did not work'} />
        </span>
        {source}
        {regions}
        <button type="button" className="link-button" onClick={() => goToSetting(() => showPage('settings'), 'settings-aws-accounts')}>
          Fix in Settings
        </button>
      </p>
    );
  }
  return (
    <p className="connection-line" role="group" aria-label="Connection">
      <span className="connection-part">
        <span className="connection-label">Account</span> <span className="mono">{connection.identity.account}</span>
      </span>
      <span className="connection-part connection-arn mono" title={connection.identity.arn}>
        {connection.identity.arn}
      </span>
      {regions}
      {source}
      {endpoint}
    </p>
  );
}
