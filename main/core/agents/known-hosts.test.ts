import { createHmac, randomBytes } from 'node:crypto';
import { makeKeyPair } from '../../../test/support/ssh-server';
import { checkHostKey, fingerprintOf, hostName, keyTypeOf, parseKnownHosts } from './known-hosts';
import { describeConnectError } from './ssh-run';

const a = makeKeyPair().publicBlob;
const b = makeKeyPair().publicBlob;
const b64 = (key: Buffer) => key.toString('base64');
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  test('reads the key type from the blob and prints fingerprints as ssh-keygen does', () => {
    expect(keyTypeOf(a)).toBe('ecdsa-sha2-nistp256');
    expect(fingerprintOf(a)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(hostName('1.2.3.4', 22)).toBe('1.2.3.4');
    expect(hostName('1.2.3.4', 2222)).toBe('[1.2.3.4]:2222');
  });

  test('finds plain, listed, wildcard, hashed and [host]:port entries; skips comments and certificates', () => {
    const text = [
      '# comment',
      '',
      `@cert-authority *.example.com ecdsa-sha2-nistp256 ${b64(b)}`,
      `other.example.com,ec2-1-2-3-4.compute-1.amazonaws.com ecdsa-sha2-nistp256 ${b64(a)}`,
      `*.eu-west-1.compute.amazonaws.com,!bad.eu-west-1.compute.amazonaws.com ecdsa-sha2-nistp256 ${b64(a)}`,
      `${hashed('10.0.0.7')} ecdsa-sha2-nistp256 ${b64(a)} comment`,
      `[127.0.0.1]:2222 ecdsa-sha2-nistp256 ${b64(a)}`,
    ].join('\n');
    const entries = parseKnownHosts(text, '/home/ada/.ssh/known_hosts');
    expect(entries).toHaveLength(4);
    expect(checkHostKey(entries, 'ec2-1-2-3-4.compute-1.amazonaws.com', 22, a)).toMatchObject({ status: 'known', line: 4 });
    expect(checkHostKey(entries, 'x.eu-west-1.compute.amazonaws.com', 22, a)).toMatchObject({ status: 'known', line: 5 });
    expect(checkHostKey(entries, 'bad.eu-west-1.compute.amazonaws.com', 22, a).status).toBe('new');
    expect(checkHostKey(entries, '10.0.0.7', 22, a)).toMatchObject({ status: 'known', line: 6 });
    expect(checkHostKey(entries, '127.0.0.1', 2222, a)).toMatchObject({ status: 'known', line: 7 });
    expect(checkHostKey(entries, '127.0.0.1', 22, a).status).toBe('new');
  });

  test('a different key of the same type is a change; of another type, new; a @revoked key is refused anywhere', () => {
    const entries = parseKnownHosts([`1.2.3.4 ecdsa-sha2-nistp256 ${b64(a)}`, `5.6.7.8 ssh-ed25519 ${b64(a)}`, `@revoked * ecdsa-sha2-nistp256 ${b64(b)}`].join('\n'), 'kh');
    expect(checkHostKey(entries, '1.2.3.4', 22, a).status).toBe('known');
    expect(checkHostKey(entries.slice(0, 2), '1.2.3.4', 22, b)).toEqual({ status: 'changed', fingerprint: fingerprintOf(b), file: 'kh', line: 1 });
    expect(checkHostKey(entries.slice(0, 2), '5.6.7.8', 22, b).status).toBe('new');
    expect(checkHostKey(entries, '9.9.9.9', 22, b)).toMatchObject({ status: 'revoked', line: 3 });
  });
});

describe('connection errors', () => {
  const o = { host: '1.2.3.4', port: 22, user: 'ubuntu', readyTimeoutMs: 20_000, keySetting: 'regionKeys.eu-west-1.sshKeyFile' };
  const error = (message: string, extra: { level?: string; code?: string }) => Object.assign(new Error(message), extra);

  test('tells an unreachable host from a slow handshake, and names the fix', () => {
    expect(describeConnectError(error('Timed out while waiting for handshake', { level: 'client-timeout' }), o, false)).toMatchObject({
      kind: 'unreachable',
      message: 'No answer from 1.2.3.4:22 within 20 s. Check that the instance is running and that its security group allows port 22 from your address (ingressCidr in Settings).',
    });
    expect(describeConnectError(error('Timed out while waiting for handshake', { level: 'client-timeout' }), o, true).kind).toBe('timeout');
    expect(describeConnectError(error('Keepalive timeout', { level: 'client-timeout' }), o, true).message).toMatch(/stopped answering/);
    expect(describeConnectError(error('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' }), o, false).kind).toBe('unreachable');
    expect(describeConnectError(error('getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' }), o, false).message).toMatch(/Cannot resolve 1.2.3.4/);
    expect(describeConnectError(error('read ECONNRESET', { code: 'ECONNRESET' }), o, true)).toMatchObject({ kind: 'connection', message: 'The SSH connection to 1.2.3.4:22 failed: read ECONNRESET.' });
  });
});
