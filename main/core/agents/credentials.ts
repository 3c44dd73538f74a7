import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { expandHome } from '../settings/paths';
import { parseKnownHosts, type KnownHost } from './known-hosts';
import type { AgentLocation, AgentObservation } from './ssh-agent';
import { SyncFailure } from './sync-failure';

/** The setting that holds a region's SSH key file. */
export const keySettingOf = (region: string) => `regionKeys.${region}.sshKeyFile`;

/** How Sync now authenticates to one instance: the key file first when it is usable, then the agent. */
export interface SshCredentials {
  region: string;
  /** `regionKeys.<region>.sshKeyFile`, for messages. */
  keySetting: string;
  /** The key file's path (home expanded), when the setting is set. */
  keyFile: string | null;
  /** The key file's bytes when it is an unencrypted private key; passed to ssh2 only, never logged or sent. */
  privateKey: Buffer | null;
  /** True when the key file has a passphrase, so only the agent is tried. */
  keyFileEncrypted: boolean;
  agent: AgentLocation | null;
}

/** `ssh-add <file>` as the user would type it (quoted when the path has spaces or other specials). */
const addWithSshAdd = (file: string) => `\`ssh-add ${/^[\w@%+=:,./~-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`}\``;

/**
 * Reads and checks the region's private key file, and picks the ssh-agent as the fallback (or as
 * the only way when no key file is set, or when the file has a passphrase). The key's bytes go to
 * ssh2 only; messages name the setting and the path, never the content.
 */
export async function loadCredentials(keyFileSetting: string | null, region: string, home: string, agent: AgentLocation | null): Promise<SshCredentials> {
  const keySetting = keySettingOf(region);
  const base = { region, keySetting, agent };
  const fix = `Set the SSH key file for ${region} in Settings → AWS regions (${keySetting})`;
  if (!keyFileSetting) {
    if (agent) return { ...base, keyFile: null, privateKey: null, keyFileEncrypted: false };
    throw new SyncFailure(
      'no-key-file',
      `No SSH key file is set for ${region}, and no ssh-agent is available (SSH_AUTH_SOCK is not set). ${fix}: the private key of the instances' key pair; or add that key to an ssh-agent with \`ssh-add\` and start Flotilla where SSH_AUTH_SOCK is set.`,
      keySetting,
    );
  }
  const file = expandHome(keyFileSetting, home);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? String(error)})`;
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, ${why}. ${fix}.`, keySetting);
  }
  const parsed = ssh2.utils.parseKey(bytes);
  const key = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  if (key instanceof Error || !key) {
    const encrypted = key instanceof Error && /passphrase|encrypted/i.test(key.message);
    if (encrypted && agent) return { ...base, keyFile: file, privateKey: null, keyFileEncrypted: true };
    const why = encrypted
      ? `is protected by a passphrase, and no ssh-agent is available to hold it (SSH_AUTH_SOCK is not set). Add it to an ssh-agent with ${addWithSshAdd(file)} and start Flotilla where SSH_AUTH_SOCK is set, or set ${keySetting} to a key without a passphrase`
      : `is not a private key Flotilla can read (OpenSSH or PEM format, e.g. the .pem EC2 gave you). ${fix}`;
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, ${why}.`, keySetting);
  }
  if (!(key as ParsedKey).isPrivateKey()) {
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, is a public key. ${fix}: the private key, not the .pub file.`, keySetting);
  }
  return { ...base, keyFile: file, privateKey: bytes, keyFileEncrypted: false };
}

/**
 * Why the server let no key in, given what was offered: the key file (named by its setting), the
 * agent's keys (how many, or why the agent could not be used), and the user.
 */
export function describeAuthFailure(c: SshCredentials, user: string, host: string, agent: AgentObservation | null): SyncFailure {
  const who = `${user}@${host}`;
  const checkUser = `check that '${user}' is the right user (the project's ssh-user, else sshUser in Settings)`;
  const offered = c.agent && agent && !agent.error ? (agent.keys ?? 0) : 0;
  const keys = `${offered} key${offered === 1 ? '' : 's'} in ${c.agent?.label ?? 'the ssh-agent'}`;
  const trouble = !c.agent || !agent ? null : agent.error ? `${c.agent.label} could not be used (${agent.error.message})` : offered === 0 ? `${c.agent.label} holds no keys` : null;
  if (c.privateKey) {
    return new SyncFailure(
      'auth',
      `${who} refused the SSH key${offered > 0 ? ` and the ${keys}` : ''}. Check that ${c.keySetting} is the private key of the instance's key pair, and ${checkUser.replace(/^check that /, 'that ')}.`,
      c.keySetting,
    );
  }
  if (c.keyFileEncrypted && c.keyFile) {
    const passphrase = `The SSH key file for ${c.region}, ${c.keyFile} (${c.keySetting}), is protected by a passphrase, so Flotilla uses it through the ssh-agent only`;
    if (trouble) return new SyncFailure('key-file', `${passphrase}, and ${trouble}. Add the key with ${addWithSshAdd(c.keyFile)} and try again.`, c.keySetting);
    return new SyncFailure('auth', `${who} refused the ${keys}. ${passphrase}: add it with ${addWithSshAdd(c.keyFile)} if it is not there, and ${checkUser}.`, c.keySetting);
  }
  const fix = `Set the SSH key file for ${c.region} in Settings → AWS regions (${c.keySetting}), or add the instance key pair's private key to the agent with \`ssh-add <file>\``;
  if (trouble) return new SyncFailure('no-key-file', `No SSH key file is set for ${c.region}, and ${trouble}. ${fix}.`, c.keySetting);
  return new SyncFailure('auth', `${who} refused the ${keys}, and no SSH key file is set for ${c.region}. ${fix}; and ${checkUser}.`, c.keySetting);
}

/** The user's and the system's known_hosts; a file that is missing or unreadable counts as empty. */
export async function readKnownHosts(files: readonly string[]): Promise<KnownHost[]> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').then((text) => ({ file, text }), () => null)));
  return texts.flatMap((t) => (t ? parseKnownHosts(t.text, t.file) : []));
}

export function defaultKnownHostsFiles(home: string): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
}
