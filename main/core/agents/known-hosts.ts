import { createHash, createHmac } from 'node:crypto';

/**
 * A small reader of OpenSSH's known_hosts: plain and hashed (`|1|salt|hash`) host patterns,
 * `[host]:port`, wildcards `*` and `?`, negation `!`, and the `@revoked` marker (`@cert-authority`
 * lines are skipped: Flotilla does not verify host certificates).
 */
export interface KnownHost {
  file: string;
  line: number;
  patterns: string[];
  marker: 'revoked' | null;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; fingerprint: string; file: string; line: number }
  | { status: 'new'; fingerprint: string }
  | { status: 'changed'; fingerprint: string; file: string; line: number }
  | { status: 'revoked'; fingerprint: string; file: string; line: number };

export function parseKnownHosts(text: string, file: string): KnownHost[] {
  const entries: KnownHost[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 0 || !fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHost['marker'] = null;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked') return;
      marker = 'revoked';
      fields.shift();
    }
    const [hosts, keyType, data] = fields;
    if (!hosts || !keyType || !data) return;
    const key = Buffer.from(data, 'base64');
    if (key.length === 0) return;
    entries.push({ file, line: index + 1, patterns: hosts.split(','), marker, keyType, key });
  });
  return entries;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return '';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

/** How known_hosts names a host: `host` on port 22, else `[host]:port`. */
export function hostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return globMatch(pattern, name);
}

/** True when a pattern names the host and no negated pattern excludes it. */
function entryMatches(entry: KnownHost, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) matched = true;
  }
  return matched;
}

/**
 * OpenSSH's verdict for a presented host key: `revoked` if a @revoked line lists it; `known` if a
 * line for the host has this very key; `changed` if a line for the host has another key of the
 * same type; else `new` (as `StrictHostKeyChecking=accept-new` would treat it).
 */
export function checkHostKey(entries: readonly KnownHost[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const fingerprint = fingerprintOf(key);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', fingerprint, file: revoked.file, line: revoked.line };
  const name = hostName(host, port);
  const forHost = entries.filter((e) => e.marker === null && entryMatches(e, name));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'known', fingerprint, file: same.file, line: same.line };
  const type = keyTypeOf(key);
  const other = forHost.find((e) => e.keyType === type);
  if (other) return { status: 'changed', fingerprint, file: other.file, line: other.line };
  return { status: 'new', fingerprint };
}
