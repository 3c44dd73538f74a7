/**
 * Launch at login on Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/flotilla.desktop`
 * (~/.config/autostart/ by default). Plain Node, no Electron.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';

export const AUTOSTART_FILE_NAME = 'flotilla.desktop';

export function autostartFile(env: Record<string, string | undefined>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME?.trim();
  return path.join(configHome && path.isAbsolute(configHome) ? configHome : path.join(home, '.config'), 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * One argument of an Exec key: double-quoted when it has a reserved character, with `"`, `` ` ``,
 * `$` and `\` escaped (Desktop Entry spec, "The Exec key"); `%` doubled so it is no field code.
 */
export function desktopExecArg(arg: string): string {
  if (hasControlCharacter(arg)) throw new FlotillaError('invalid-input', `Cannot write an autostart entry for ${JSON.stringify(arg)}: it contains a control character.`);
  const escaped = arg.replace(/%/g, '%%');
  if (escaped !== '' && !/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped;
  return `"${escaped.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** The value of Exec as written in the file: string values escape backslashes once more. */
export function desktopExecLine(command: readonly string[]): string {
  return command.map(desktopExecArg).join(' ').replace(/\\/g, '\\\\');
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Flotilla',
    'Comment=Short-lived EC2 instances, in the tray',
    `Exec=${desktopExecLine(command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** What to start at login: the AppImage when running from one, else this executable (and the app folder in development). */
export function autostartCommand(input: { execPath: string; isPackaged: boolean; appPath: string; env: Record<string, string | undefined>; extraArgs: readonly string[] }): string[] {
  const appImage = input.env.APPIMAGE?.trim();
  if (appImage) return [appImage, ...input.extraArgs];
  return input.isPackaged ? [input.execPath, ...input.extraArgs] : [input.execPath, input.appPath, ...input.extraArgs];
}

/** Writes (atomically) or removes the entry. */
export async function setXdgAutostart(enabled: boolean, file: string, command: readonly string[]): Promise<void> {
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, desktopEntry(command), { mode: 0o644 });
  await rename(temporary, file);
}
