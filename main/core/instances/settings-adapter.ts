import type { Settings } from '../../contract/dto/settings';
import { DEFAULT_READY_TIMEOUT_MINUTES, minutesText } from '../shared/defaults';
import type { InstancesSettings } from './settings';

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
    ttlDefault: minutesText(settings.ttl.defaultMinutes),
    ttlMax: minutesText(settings.ttl.maxMinutes),
    sshUser: settings.sshUser,
    keyPairs,
    sshKeyFile,
    ingressCidr: settings.ingressCidr,
    budgetCap: settings.budgetCapUsd,
    webhookUrl: settings.webhookUrl,
    readyTimeout: minutesText(DEFAULT_READY_TIMEOUT_MINUTES),
    notifications: { ready: settings.notifications.ready, failed: settings.notifications.failed, expiring: settings.notifications.expiring },
    terminal: settings.terminal ?? null,
    ...(settings.customTerminal ? { customTerminal: settings.customTerminal } : {}),
    launchDefaults: settings.launchDefaults,
    revisionsBucket: settings.revisions.bucket,
  };
}
