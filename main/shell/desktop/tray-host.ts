/**
 * Is there anything on this desktop that shows a tray icon? On Linux Electron's Tray asks the
 * session bus just what this asks (Chromium's StatusIconLinuxDbus, see below), and when the answer
 * is no it falls back to a GtkStatusIcon that stock GNOME does not show: `new Tray()` succeeds and
 * nothing appears. So the shell asks first, with the D-Bus tools every GNOME and KDE desktop has
 * (gdbus from GLib, else dbus-send), and turns Close to tray on by default only when the answer is
 * yes. No electron import: tested against a real private session bus.
 */
import { execFile } from 'node:child_process';
import type { TrayStatus } from '../../contract/tray';

/** The command-line D-Bus clients this can ask with, tried in this order. */
export type DbusTool = 'gdbus' | 'dbus-send';
export const DBUS_TOOLS: readonly DbusTool[] = ['gdbus', 'dbus-send'];

export interface TrayHostProbeOptions {
  platform: NodeJS.Platform;
  /** The environment the tools run with (DBUS_SESSION_BUS_ADDRESS, PATH). */
  env: Record<string, string | undefined>;
  /** Per call (default 2 s): a wedged bus must not hold up the start for long. */
  timeoutMs?: number;
  tools?: readonly DbusTool[];
}

// Chromium chrome/browser/ui/views/status_icons/status_icon_linux_dbus.cc (the StatusIconLinuxDbus
// Electron's shell/browser/ui/tray_icon_linux.cc creates first): CheckStatusNotifierWatcherHasOwner
// asks org.freedesktop.DBus NameHasOwner("org.kde.StatusNotifierWatcher"), then
// OnNameHasOwnerResponse reads the watcher's IsStatusNotifierHostRegistered property; a missing
// owner, an error or false calls OnImplInitializationFailed, and TrayIconLinux then swaps in a
// GtkStatusIcon (tray_icon_linux.cc, TrayIconLinux::OnImplInitializationFailed).
const WATCHER = 'org.kde.StatusNotifierWatcher';
const WATCHER_PATH = '/StatusNotifierWatcher';
const HOST_PROPERTY = 'IsStatusNotifierHostRegistered';

interface DbusCall {
  dest: string;
  path: string;
  /** interface.Method */
  method: string;
  /** String arguments. */
  args: string[];
}

const NAME_HAS_OWNER: DbusCall = { dest: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', method: 'org.freedesktop.DBus.NameHasOwner', args: [WATCHER] };
const HOST_REGISTERED: DbusCall = { dest: WATCHER, path: WATCHER_PATH, method: 'org.freedesktop.DBus.Properties.Get', args: [WATCHER, HOST_PROPERTY] };

function argvOf(tool: DbusTool, call: DbusCall): string[] {
  if (tool === 'gdbus') return ['call', '--session', '--dest', call.dest, '--object-path', call.path, '--method', call.method, ...call.args];
  return ['--session', '--print-reply=literal', `--dest=${call.dest}`, call.path, call.method, ...call.args.map((a) => `string:${a}`)];
}

/**
 * A boolean reply (NameHasOwner's b, or Properties.Get's variant holding a b) as each tool prints
 * it: gdbus `(true,)` / `(<true>,)`, dbus-send --print-reply=literal `boolean true` /
 * `variant       boolean true`. Null for anything else.
 */
export function parseBooleanReply(tool: DbusTool, stdout: string): boolean | null {
  const text = stdout.trim();
  const match = tool === 'gdbus' ? /^\(<?(true|false)>?,\)$/.exec(text) : /^(?:variant\s+)?boolean (true|false)$/.exec(text);
  return match ? match[1] === 'true' : null;
}

type Answer =
  | { kind: 'answer'; value: boolean }
  /** The bus answered with a D-Bus error (it is reachable). */
  | { kind: 'dbus-error'; message: string }
  /** The tool is not installed. */
  | { kind: 'missing' }
  /** No session bus, a timeout, output not understood. */
  | { kind: 'failed'; message: string };

const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() ?? '';

function ask(tool: DbusTool, call: DbusCall, options: TrayHostProbeOptions): Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return new Promise((resolve) => {
    execFile(tool, argvOf(tool, call), { env: options.env as NodeJS.ProcessEnv, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve({ kind: 'missing' });
        if (error.killed) return resolve({ kind: 'failed', message: `${tool} got no answer within ${timeoutMs} ms` });
        const message = firstLine(stderr) || error.message;
        // gdbus: "Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: ..."; dbus-send: "Error org.freedesktop.DBus.Error.ServiceUnknown: ...".
        return resolve(/^Error:? (GDBus\.Error:)?[a-z]+(\.[A-Za-z0-9_]+)+:/.test(message) ? { kind: 'dbus-error', message } : { kind: 'failed', message });
      }
      const value = parseBooleanReply(tool, stdout);
      resolve(value === null ? { kind: 'failed', message: `${tool} answered ${JSON.stringify(firstLine(stdout).slice(0, 80))}, not a boolean` } : { kind: 'answer', value });
    });
  });
}

export const GNOME_HINT = 'GNOME shows tray icons only with the “AppIndicator and KStatusNotifierItem Support” extension; start Flotilla again after turning it on';

function unknown(reason: string): TrayStatus {
  return { status: 'unknown', detail: `Could not ask the session bus whether this desktop shows tray icons: ${reason}.` };
}

/** What the tray icon will be on this desktop; never throws. */
export async function probeTrayHost(options: TrayHostProbeOptions): Promise<TrayStatus> {
  if (options.platform === 'darwin') return { status: 'shown', detail: 'macOS shows the icon in the menu bar.' };
  if (options.platform === 'win32') return { status: 'shown', detail: 'Windows shows the icon in the notification area.' };
  for (const tool of options.tools ?? DBUS_TOOLS) {
    const owner = await ask(tool, NAME_HAS_OWNER, options);
    if (owner.kind === 'missing') continue;
    if (owner.kind !== 'answer') return unknown(owner.message);
    if (!owner.value) return { status: 'no-host', detail: `No system tray was found on this desktop (nothing owns ${WATCHER} on the session bus). ${GNOME_HINT}.` };
    const host = await ask(tool, HOST_REGISTERED, options);
    if (host.kind === 'answer' && host.value) return { status: 'shown', detail: `This desktop shows tray icons (a StatusNotifierItem host is registered with ${WATCHER}).` };
    if (host.kind === 'answer' || host.kind === 'dbus-error') {
      const why = host.kind === 'answer' ? `${HOST_PROPERTY} is false` : host.message;
      return { status: 'no-host', detail: `No system tray was found on this desktop (${WATCHER} runs, but no tray host is registered with it: ${why}). ${GNOME_HINT}.` };
    }
    return unknown(host.kind === 'missing' ? `${tool} went missing` : host.message);
  }
  return unknown(`neither ${(options.tools ?? DBUS_TOOLS).join(' nor ')} is installed (Debian and Ubuntu: sudo apt install libglib2.0-bin)`);
}
