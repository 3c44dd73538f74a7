import type { AppMode } from '@contract/app/dto';
import { useAppStore } from '../stores/store-context';
import { ConnectionLine } from './ConnectionLine';
import { selectAppInfo, selectAppInfoError, selectAppInfoLoading } from '../stores/app-slice';

const modeLabels: Record<AppMode, string> = { desktop: 'Desktop', browser: 'Browser', cli: 'CLI' };

export function AppHeader() {
  const info = useAppStore(selectAppInfo);
  const error = useAppStore(selectAppInfoError);
  const loading = useAppStore(selectAppInfoLoading);
  return (
    <header className="app-header">
      <span className="brand">Flotilla</span>
      <ConnectionLine />
      {info ? (
        <span className="app-meta" title={`${info.name} ${info.version} on ${info.platform}`}>
          {modeLabels[info.mode] ?? info.mode} · v{info.version}
        </span>
      ) : error ? (
        <span className="app-meta app-meta--error" title={error.message}>
          App info unavailable
        </span>
      ) : loading ? (
        <span className="app-meta">Loading…</span>
      ) : null}
    </header>
  );
}
