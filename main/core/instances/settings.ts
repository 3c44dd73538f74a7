import type { LaunchDefaults } from '../../contract/dto/settings';

/**
 * The Instances settings the service reads on every call (so a change applies at once), converted
 * from the app's Settings once per change (settings-adapter.ts): durations are milliseconds here.
 */
export interface InstancesSettings {
  /** Regions whose fleet is listed and swept. */
  regions: string[];
  /** Where a launch goes when neither the launch nor the project names a region. */
  defaultRegion: string;
  /** TTL when neither the launch nor the project gives one (Settings: 24 h). */
  ttlDefaultMs: number;
  /** The longest TTL or extension allowed from now (Settings: 7 days). */
  ttlMaxMs: number;
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
  /** How long an instance has to answer its ready-url (20 minutes). */
  readyTimeoutMs: number;
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
