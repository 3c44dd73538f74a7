import type { Instance } from '@aws-sdk/client-ec2';
import type { SshCommand } from '../../contract/instances/dto';
import { FlotillaError } from '../../contract/errors';
import { posixQuote } from '../terminal/quote';
import { publicHost } from './ready-url';

export interface SshInput {
  instance: Instance;
  /** The project's `ssh-user`, else the settings' default. */
  user: string;
  keyFile: string | null;
}

const SAFE_USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const SAFE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*|\[?[0-9A-Fa-f:.]+\]?)$/;

/**
 * `ssh -i <key> <user>@<host>` as an array of arguments (run without a shell). Host keys of
 * short-lived instances are accepted on first use and checked after. `text` is for copying into
 * the user's own shell: quoted as the terminal port quotes for Terminal.app (fish-safe too).
 */
export function sshCommand(input: SshInput): SshCommand {
  const id = input.instance.InstanceId ?? '';
  const host = publicHost(input.instance);
  if (!host) throw new FlotillaError('invalid-input', `${id} has no public address yet; wait until it is running, or check that its subnet assigns public IPs.`, { id });
  if (!SAFE_HOST.test(host)) throw new FlotillaError('invalid-input', `${id}'s address '${host.slice(0, 80)}' is not a host name or IP address.`, { id });
  if (!SAFE_USER.test(input.user)) {
    throw new FlotillaError('invalid-input', `SSH user '${input.user}' is not a user name (letters, digits, '_', '.', '-'); fix ssh-user in the project or Settings.`, { user: input.user });
  }
  const args = [...(input.keyFile ? ['-i', input.keyFile] : []), '-o', 'StrictHostKeyChecking=accept-new', `${input.user}@${host}`];
  return { command: 'ssh', args, text: ['ssh', ...args].map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : posixQuote(a))).join(' '), user: input.user, host, keyFile: input.keyFile };
}
