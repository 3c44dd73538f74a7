import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Logger, SettingsNotice } from '../core/ports';
import { displayPath } from '../core/settings/paths';

/**
 * Where Flotilla's one settings file lives, for the desktop app, browser mode and the CLI alike,
 * computed the same way by all three without Electron:
 *
 * 1. `$FLOTILLA_CONFIG_DIR/settings.json`, if set;
 * 2. else `$FLOTILLA_USER_DATA_DIR/settings.json`, if set (the desktop's test profile folder);
 * 3. else `settings.json` in the OS config folder's `flotilla` (conf's folder: ~/.config/flotilla on
 *    Linux, ~/Library/Preferences/flotilla on macOS, %APPDATA%\flotilla\Config on Windows).
 *
 * Desktop builds before this kept it in Electron's userData folder (`~/.config/Flotilla/` on Linux,
 * `~/Library/Application Support/Flotilla/` on macOS, `%APPDATA%\Flotilla\` on Windows); that file,
 * or `config.json` of even earlier builds, is the earlier one taken over or reported.
 */
export interface SettingsLocationInput {
  env: Partial<Record<string, string>>;
  home: string;
  platform: NodeJS.Platform;
}

export interface SettingsLocation {
  /** The folder of settings.json. */
  dir: string;
  /** Earlier settings files, most recent first: the first that exists is taken over or compared. */
  earlier: string[];
}

/** The folder conf uses for projectName 'flotilla' (as env-paths computes it). */
export function defaultSettingsDir(env: Partial<Record<string, string>>, home: string, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'flotilla');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'flotilla', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'flotilla');
}

/** Electron's userData of the installed app: app.getPath('appData') + the product name (electron docs/api/app.md, `app.getPath`). */
export function desktopDataDir({ env, home, platform }: SettingsLocationInput): string {
  const appData =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? env.APPDATA || path.join(home, 'AppData', 'Roaming')
        : env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(appData, 'Flotilla');
}

export function resolveSettingsLocation(input: SettingsLocationInput): SettingsLocation {
  const configDir = input.env.FLOTILLA_CONFIG_DIR?.trim();
  if (configDir) return { dir: path.resolve(configDir), earlier: [] };
  const userData = input.env.FLOTILLA_USER_DATA_DIR?.trim();
  if (userData) return { dir: path.resolve(userData), earlier: [path.join(path.resolve(userData), 'config.json')] };
  const desktop = desktopDataDir(input);
  return {
    dir: defaultSettingsDir(input.env, input.home, input.platform),
    earlier: [path.join(desktop, 'settings.json'), path.join(desktop, 'config.json')],
  };
}

export interface AdoptedSettings {
  /** The one settings file (it may not exist yet). */
  file: string;
  /** For Settings and `flotilla config check`: another settings file that differs and is ignored. */
  notices: SettingsNotice[];
}

/**
 * Makes `<dir>/settings.json` the one file: when only an earlier file exists it is moved there
 * (mode 600); when both exist and differ, the one file is kept and the other reported, never merged
 * (the settings service shows and logs the notice; `flotilla config check` prints it).
 */
export function adoptEarlierSettings(location: SettingsLocation, options: { home: string; logger?: Logger }): AdoptedSettings {
  const file = path.join(location.dir, 'settings.json');
  const other = location.earlier.find((candidate) => existsSync(candidate) && !sameFile(candidate, file));
  if (!other) return { file, notices: [] };
  if (!existsSync(file)) {
    try {
      moveFile(other, file);
      options.logger?.info('settings: moved the earlier settings file to the one all of Flotilla uses', { from: other, to: file });
      return { file, notices: [] };
    } catch (error) {
      if (!existsSync(file)) throw error;
      // Another Flotilla moved it first: compare as below.
    }
  }
  if (sameContent(file, other)) return { file, notices: [] };
  const shown = displayPath(other, options.home);
  const notice: SettingsNotice = {
    message: `another settings file, ${shown}, differs from this one and is not used`,
    fix: `Flotilla reads and writes only ${displayPath(file, options.home)}; copy what you need from ${shown} here, then delete ${shown}`,
  };
  return { file, notices: [notice] };
}

function sameFile(a: string, b: string): boolean {
  if (!existsSync(b)) return false;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function moveFile(from: string, to: string): void {
  mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to);
    unlinkSync(from);
  }
  if (process.platform !== 'win32') chmodSync(to, 0o600);
}

/** The same settings: equal JSON values (whatever the layout), or equal bytes when either is not JSON. */
function sameContent(a: string, b: string): boolean {
  const textA = readFileSync(a, 'utf8');
  const textB = readFileSync(b, 'utf8');
  try {
    return isDeepStrictEqual(JSON.parse(textA), JSON.parse(textB));
  } catch {
    return textA === textB;
  }
}
