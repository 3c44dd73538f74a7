import { copyFile, readdir, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { FlotillaError } from '../contract/errors';
import { redact } from '../core/credentials/redact';
import type { Logger, SettingsNotice } from '../core/ports';
import { corruptFileError } from '../core/settings/store';
import type { SettingsFileStore } from '../core/settings/store';
import { adoptEarlierSettings, resolveSettingsLocation, type SettingsLocationInput } from './settings-location';

/** What the store needs of a conf (or electron-store, which extends conf) instance. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Where a file that is not JSON (or not an object) shows up after the tolerant deserialize. */
const UNPARSABLE = '__flotillaUnparsable__';

/**
 * conf throws from its constructor on a file that is not JSON; this keeps the text's problem as a
 * marker instead, so the store can back the file up and report it rather than fail to start.
 */
export function tolerantDeserialize(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { [UNPARSABLE]: error instanceof Error ? error.message : String(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { [UNPARSABLE]: `it holds ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}, not an object` };
  }
  return value as Record<string, unknown>;
}

/** conf / electron-store options for Flotilla's settings file: `settings.json`, mode 600, never cleared. */
export function settingsConfOptions(options: { cwd?: string } = {}) {
  return {
    projectName: 'flotilla',
    projectSuffix: '',
    configName: 'settings',
    ...(options.cwd ? { cwd: options.cwd } : {}),
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    serialize: (value: Record<string, unknown>) => JSON.stringify(value, null, 2) + '\n',
    deserialize: tolerantDeserialize,
  };
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** Copies `file` to `file.corrupt-<timestamp>`, or answers an existing copy with the same content. */
export async function backupFile(file: string, now: Date = new Date()): Promise<string | null> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.corrupt-`;
  for (const name of (await readdir(dir)).filter((n) => n.startsWith(prefix)).sort().reverse()) {
    const existing = await readFile(path.join(dir, name)).catch(() => null);
    if (existing?.equals(content)) return path.join(dir, name);
  }
  const copy = path.join(dir, prefix + stamp(now));
  await copyFile(file, copy, constants.COPYFILE_EXCL);
  return copy;
}

function unavailable(action: string, file: string, error: unknown): FlotillaError {
  const code = errorCode(error);
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  const fix =
    code === 'EACCES' || code === 'EPERM' ? `make it yours and private: chmod 600 ${file} (and check the folder's owner)` : `check ${path.dirname(file)}`;
  return new FlotillaError('unavailable', `Could not ${action} the settings file ${file} (${why}); ${fix}.`, { file });
}

/**
 * A SettingsStore over a conf-like object. Writes go through conf, which writes atomically (a temp
 * file renamed over the old one). A file that is not JSON is backed up and reported, not replaced.
 */
export function createConfSettingsStore(conf: ConfLike, notices: readonly SettingsNotice[] = []): SettingsFileStore {
  const file = conf.path;
  return {
    location: file,
    notices,
    read: async () => {
      let data: Record<string, unknown>;
      try {
        data = conf.store;
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw unavailable('read', file, error);
        data = { [UNPARSABLE]: error.message };
      }
      if (UNPARSABLE in data) {
        const backup = await backupFile(file);
        throw corruptFileError({ reason: 'corrupt', file, backup, detail: redact(String(data[UNPARSABLE])) });
      }
      return data;
    },
    write: async (value) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new FlotillaError('internal', 'Settings must be saved as an object.');
      }
      try {
        conf.store = value as Record<string, unknown>;
      } catch (error) {
        throw unavailable('write', file, error);
      }
    },
    backup: () => backupFile(file),
  };
}

/** A settings.json in `cwd` through conf (tests, and the hosts below). */
export function openConfSettingsStore(options: { cwd: string; notices?: readonly SettingsNotice[] }): SettingsFileStore {
  let conf: ConfLike;
  try {
    conf = new Conf<Record<string, unknown>>(settingsConfOptions({ cwd: options.cwd }));
  } catch (error) {
    throw unavailable('open', path.join(options.cwd, 'settings.json'), error);
  }
  return createConfSettingsStore(conf, options.notices);
}

/**
 * Flotilla's one settings file in plain Node (browser mode, the CLI), where the desktop app finds
 * it too (settings-location.ts): an earlier desktop file is taken over, or reported when it differs.
 */
export function openSettingsStore(input: SettingsLocationInput, logger?: Logger): SettingsFileStore {
  const location = resolveSettingsLocation(input);
  const { notices } = adoptEarlierSettings(location, { home: input.home, ...(logger ? { logger } : {}) });
  return openConfSettingsStore({ cwd: location.dir, notices });
}
