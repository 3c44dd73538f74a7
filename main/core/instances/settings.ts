import type { LaunchDefaults } from '../../contract/dto/settings';
import { DEFAULT_READY_TIMEOUT_MINUTES, DEFAULT_REGION, DEFAULT_SSH_USER, DEFAULT_TTL_MINUTES, MAX_TTL_MINUTES, minutesText } from '../shared/defaults';

/** The Instances settings the service reads on every call (so a change applies at once). */
export interface InstancesSettings {
  /** Regions whose fleet is listed and swept. */
  regions: string[];
  /** Where a launch goes when neither the launch nor the project names a region. */
  defaultRegion: string;
  /** TTL when neither the launch nor the project gives one, e.g. `24h`. */
  ttlDefault: string;
  /** The longest TTL or extension allowed from now, e.g. `7d`. */
  ttlMax: string;
  /** SSH user when the project has no `ssh-user`. */
  sshUser: string;
  /** Key pair name per region. */
  keyPairs: Record<string, string>;
  /** Private key file per region, for `ssh -i`. */
  sshKeyFile: Record<string, string>;
  /** Who may reach a launch's own security group; null: the caller's public IP /32. Never 0.0.0.0/0 by default. */
  ingressCidr: string | null;
  /** USD; a launch projected to cost more is refused. Null: no cap. */
  budgetCap: number | null;
  /** Slack-compatible webhook told about ready, failed and terminated instances. */
  webhookUrl: string | null;
  /** How long an instance has to answer its ready-url, e.g. `20m`. */
  readyTimeout: string;
  /** Desktop notifications for ready, failed and soon-expiring instances (the webhook is told regardless). */
  notifications: { ready: boolean; failed: boolean; expiring: boolean };
  /** The terminal SSH opens in (Settings → Terminal): a known terminal's id, `custom`, or null for the platform's usual one. */
  terminal: string | null;
  /** With terminal `custom`: the program chosen in the desktop app (checked again by the terminal port). */
  customTerminal?: string | null;
  /** Per project id: values that replace the template's meta (imported instance.config); a launch's own choices win. */
  launchDefaults?: Record<string, LaunchDefaults>;
  /** Settings → Revisions bucket, where a template's package revisions are resolved; null when none is set. */
  revisionsBucket?: string | null;
}

export const DEFAULT_INSTANCES_SETTINGS: InstancesSettings = {
  regions: [DEFAULT_REGION],
  defaultRegion: DEFAULT_REGION,
  ttlDefault: minutesText(DEFAULT_TTL_MINUTES),
  ttlMax: minutesText(MAX_TTL_MINUTES),
  sshUser: DEFAULT_SSH_USER,
  keyPairs: {},
  sshKeyFile: {},
  ingressCidr: null,
  budgetCap: null,
  webhookUrl: null,
  readyTimeout: minutesText(DEFAULT_READY_TIMEOUT_MINUTES),
  notifications: { ready: true, failed: true, expiring: true },
  terminal: null,
};

/** Defaults for whatever is not set; with AWS_REGION as the default region when nothing else says. */
export function withDefaults(partial: Partial<InstancesSettings>, envRegion: string | null = null): InstancesSettings {
  const defaultRegion = partial.defaultRegion ?? envRegion ?? DEFAULT_INSTANCES_SETTINGS.defaultRegion;
  return {
    ...DEFAULT_INSTANCES_SETTINGS,
    ...partial,
    defaultRegion,
    regions: partial.regions && partial.regions.length > 0 ? partial.regions : [defaultRegion],
  };
}
