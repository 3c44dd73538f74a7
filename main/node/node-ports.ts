import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { FlotillaError } from '../contract/errors';
import type { Logger, Notifier, Opener, Ports } from '../core/ports';
import { systemClock } from '../core/shared/clock';
import { createSystemTerminal } from '../core/terminal';
import { openSettingsStore } from './conf-settings-store';
import { createKeytarSecretStore } from './keytar-secret-store';

/**
 * Ports for hosts that run in plain Node: browser mode and the CLI. Settings live in the one file
 * the desktop app uses too (settings-location.ts: `$FLOTILLA_CONFIG_DIR/settings.json`, default
 * the OS config folder, e.g. ~/.config/flotilla; `configDir` stands for FLOTILLA_CONFIG_DIR);
 * secrets in the OS keychain.
 */
export function createNodePorts(options: { logger: Logger; notifier?: Notifier; configDir?: string }): Ports {
  return {
    clock: systemClock,
    logger: options.logger,
    notifier: options.notifier ?? { notify: (n) => options.logger.info(`notification: ${n.title}: ${n.body}`) },
    opener: systemOpener,
    terminal: createSystemTerminal(),
    secrets: createKeytarSecretStore(),
    settings: openSettingsStore(
      { env: options.configDir ? { ...process.env, FLOTILLA_CONFIG_DIR: options.configDir } : process.env, home: homedir(), platform: process.platform },
      options.logger,
    ),
  };
}

export const systemOpener: Opener = {
  openUrl: async (url) => {
    const { protocol } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new FlotillaError('bad-request', `Only http and https URLs are opened, not '${protocol}'.`);
    }
    const [command, args] =
      process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
    spawn(command, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  },
};

/** Plain lines on stderr, so stdout stays clean for a command's own output. */
export function createStderrLogger(minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const write = (level: (typeof order)[number]) => (message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : '';
    process.stderr.write(`[${level}] ${message}${extra}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
