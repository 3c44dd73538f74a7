import type { Settings } from '../../contract/dto/settings';
import type { SettingsService } from '../settings/service';
import { DEFAULT_READY_TIMEOUT_MINUTES } from '../shared/defaults';
import type { InstancesSettings } from './settings';

/** How long an instance has to answer its ready-url before it counts as failed. */
export const READY_TIMEOUT_MS = DEFAULT_READY_TIMEOUT_MINUTES * 60_000;

/** The app's Settings (Settings → Instances) as the Instances service reads them. */
export function instancesSettingsFrom(settings: Settings): InstancesSettings {
  const keyPairs: Record<string, string> = {};
  const sshKeyFile: Record<string, string> = {};
  for (const [region, keys] of Object.entries(settings.regionKeys)) {
    if (keys.keyPair) keyPairs[region] = keys.keyPair;
    if (keys.sshKeyFile) sshKeyFile[region] = keys.sshKeyFile;
  }
  return {
    regions: settings.regions,
    defaultRegion: settings.defaultRegion,
    ttlDefaultMs: settings.ttl.defaultMinutes * 60_000,
    ttlMaxMs: settings.ttl.maxMinutes * 60_000,
    sshUser: settings.sshUser,
    keyPairs,
    sshKeyFile,
    ingressCidr: settings.ingressCidr,
    budgetCap: settings.budgetCapUsd,
    webhookUrl: settings.webhookUrl,
    readyTimeoutMs: READY_TIMEOUT_MS,
    notifications: { ready: settings.notifications.ready, failed: settings.notifications.failed, expiring: settings.notifications.expiring },
    terminal: settings.terminal ?? null,
    ...(settings.customTerminal ? { customTerminal: settings.customTerminal } : {}),
    launchDefaults: settings.launchDefaults,
    revisionsBucket: settings.revisions.bucket,
  };
}

/**
 * The Instances settings, converted when the app's Settings change rather than on every read;
 * `close` stops following the changes.
 */
export function followInstancesSettings(settings: Pick<SettingsService, 'current' | 'onChange'>): { current: () => InstancesSettings; close: () => void } {
  let current = instancesSettingsFrom(settings.current());
  const close = settings.onChange((next) => {
    current = instancesSettingsFrom(next);
  });
  return { current: () => current, close };
}
