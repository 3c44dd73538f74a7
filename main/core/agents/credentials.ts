import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { parseKnownHosts, type KnownHost } from './known-hosts';
import { SyncFailure } from './ssh-run';

/** `~` and `~/x` relative to the home folder (settings often hold `~/.ssh/key.pem`). */
export function expandHome(file: string, home: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/')) return path.join(home, file.slice(2));
  return file;
}

/** The setting that holds a region's SSH key file. */
export const keySettingOf = (region: string) => `regionKeys.${region}.sshKeyFile`;

/**
 * Reads and checks the region's private key file. The bytes go to ssh2 only; messages name the
 * setting and the path, never the content.
 */
export async function loadPrivateKey(keyFile: string | null, region: string, home: string): Promise<Buffer> {
  const setting = keySettingOf(region);
  const fix = `Set the SSH key file for ${region} in Settings → AWS regions (${setting})`;
  if (!keyFile) throw new SyncFailure('no-key-file', `No SSH key file is set for ${region}. ${fix}: the private key of the instances' key pair.`, setting);
  const file = expandHome(keyFile, home);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? String(error)})`;
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, ${why}. ${fix}.`, setting);
  }
  const parsed = ssh2.utils.parseKey(bytes);
  const key = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  if (key instanceof Error || !key) {
    const encrypted = key instanceof Error && /passphrase|encrypted/i.test(key.message);
    const why = encrypted
      ? 'is protected by a passphrase, which Flotilla cannot ask for yet; use a key without one for Sync now'
      : 'is not a private key Flotilla can read (OpenSSH or PEM format, e.g. the .pem EC2 gave you)';
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, ${why}. ${fix}.`, setting);
  }
  if (!(key as ParsedKey).isPrivateKey()) {
    throw new SyncFailure('key-file', `The SSH key file for ${region}, ${file}, is a public key. ${fix}: the private key, not the .pub file.`, setting);
  }
  return bytes;
}

/** The user's and the system's known_hosts; a file that is missing or unreadable counts as empty. */
export async function readKnownHosts(files: readonly string[]): Promise<KnownHost[]> {
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8').then((text) => ({ file, text }), () => null)));
  return texts.flatMap((t) => (t ? parseKnownHosts(t.text, t.file) : []));
}

export function defaultKnownHostsFiles(home: string): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
}
