import { SETTINGS_VERSION } from './schema';

export type Migrated =
  | { ok: true; value: Record<string, unknown>; from: number }
  | { ok: false; message: string; fix: string };

type Raw = Record<string, unknown>;

/**
 * Version 0 is the unversioned file of early builds: one `region`, `keyName` and `sshKeyPath`,
 * TTLs in hours, `awsProfile` by name and a single `notify` switch. Keys already in the version 1
 * shape are kept as they are.
 */
function v0ToV1(old: Raw): Raw {
  const { region, keyName, sshKeyPath, ttlHours, maxTtlHours, awsProfile, notify, version: _version, ...rest } = old;
  const next: Raw = { ...rest, version: 1 };
  if (typeof region === 'string' && region !== '') {
    next.regions ??= [region];
    next.defaultRegion ??= region;
    if (typeof keyName === 'string' || typeof sshKeyPath === 'string') {
      next.regionKeys ??= { [region]: { keyPair: keyName ?? null, sshKeyFile: sshKeyPath ?? null } };
    }
  }
  const ttl: Raw = typeof rest.ttl === 'object' && rest.ttl !== null ? { ...(rest.ttl as Raw) } : {};
  if (typeof ttlHours === 'number') ttl.defaultMinutes ??= Math.round(ttlHours * 60);
  if (typeof maxTtlHours === 'number') ttl.maxMinutes ??= Math.round(maxTtlHours * 60);
  if (Object.keys(ttl).length) next.ttl = ttl;
  if (typeof awsProfile === 'string' && awsProfile !== '') next.credential ??= { kind: 'profile', name: awsProfile };
  if (typeof notify === 'boolean') next.notifications ??= { ready: notify, failed: notify, expiring: notify, updates: notify };
  return next;
}

/**
 * Version 1 wrote `closeToTray: true` (its default) into every file it saved, chosen or not, so
 * true becomes null: the automatic choice, which stays on wherever the tray icon is shown and is
 * off on a Linux desktop without a tray (issue 12). A false was a choice and is kept.
 */
function v1ToV2(old: Raw): Raw {
  const next: Raw = { ...old, version: 2 };
  if (next.closeToTray === true) next.closeToTray = null;
  return next;
}

const MIGRATIONS: Record<number, (old: Raw) => Raw> = { 0: v0ToV1, 1: v1ToV2 };

/** Brings a settings object from any older version to the current one. */
export function migrateSettings(raw: unknown): Migrated {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const holds = Array.isArray(raw) ? 'a list' : typeof raw;
    return { ok: false, message: `the file holds ${holds}, not an object of settings`, fix: 'restore a backup, or let Flotilla write a new one' };
  }
  const version = (raw as Raw).version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, message: `version ${JSON.stringify(version)} is not a settings version`, fix: `set "version": ${SETTINGS_VERSION}` };
  }
  if (version > SETTINGS_VERSION) {
    return { ok: false, message: `the file was written by a newer Flotilla (settings version ${version}; this one reads up to ${SETTINGS_VERSION})`, fix: 'update Flotilla' };
  }
  let value = { ...(raw as Raw) };
  for (let v = version; v < SETTINGS_VERSION; v++) value = MIGRATIONS[v]!(value);
  return { ok: true, value, from: version };
}
