import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import path from 'node:path';
import { ref, useAgentsHarness } from '../../../test/support/agents-harness';
import { makeKeyPair } from '../../../test/support/ssh-server';
import { createKnownHostsWriter } from './known-hosts-file';

const h = useAgentsHarness();
const b64 = (key: Buffer) => key.toString('base64');
const modeOf = (file: string) => statSync(file).mode & 0o777;
const posix = process.platform !== 'win32'; // Windows has no Unix modes to check

describe('adding host keys to known_hosts', () => {
  test('creates ~/.ssh (0700) and known_hosts (0600), and writes one plain line per host, [host]:port off port 22', async () => {
    const ssh = path.join(h.dir, 'fresh', '.ssh');
    const file = path.join(ssh, 'known_hosts');
    const writer = createKnownHostsWriter(file);
    const a = makeKeyPair().publicBlob;
    const b = makeKeyPair().publicBlob;
    expect(await writer.add('ec2-1-2-3-4.compute-1.amazonaws.com', 22, a)).toBe('added');
    expect(await writer.add('127.0.0.1', 2222, b)).toBe('added');
    expect(readFileSync(file, 'utf8')).toBe(`ec2-1-2-3-4.compute-1.amazonaws.com ecdsa-sha2-nistp256 ${b64(a)}\n[127.0.0.1]:2222 ecdsa-sha2-nistp256 ${b64(b)}\n`);
    if (posix) {
      expect(modeOf(ssh)).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
    }
    // Listed already: nothing written. Another key of the same type: never overwritten.
    expect(await writer.add('127.0.0.1', 2222, b)).toBe('present');
    expect(await writer.add('127.0.0.1', 2222, a)).toBe('conflict');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  test('adds to an existing file as it is (its mode kept, a missing last newline supplied), one write at a time', async () => {
    const file = path.join(h.home, '.ssh', 'known_hosts');
    const old = makeKeyPair().publicBlob;
    writeFileSync(file, `# mine\nold.example.com ecdsa-sha2-nistp256 ${b64(old)}`, { mode: 0o644 });
    const writer = createKnownHostsWriter(file);
    const key = makeKeyPair().publicBlob;
    // Two instances behind one address, accepted at once: one line.
    expect(await Promise.all([writer.add('10.0.0.7', 22, key), writer.add('10.0.0.7', 22, key)])).toEqual(['added', 'present']);
    expect(readFileSync(file, 'utf8')).toBe(`# mine\nold.example.com ecdsa-sha2-nistp256 ${b64(old)}\n10.0.0.7 ecdsa-sha2-nistp256 ${b64(key)}\n`);
    if (posix) expect(modeOf(file)).toBe(0o644);
    await writer.idle();
  });
});

/**
 * A TCP proxy in front of an SSH server that spoils the signature in the server's key exchange
 * reply: the client sees the server's genuine host key, but the handshake fails (as it would for
 * an impostor replaying a host key it does not hold).
 */
async function signatureSpoilingProxy(port: number) {
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    let versionSeen = false;
    let plain = true; // packets are readable until the server's NEWKEYS (21)
    upstream.on('data', (chunk: Buffer) => {
      if (!plain) return void client.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      if (!versionSeen) {
        const eol = pending.indexOf('\r\n');
        if (eol < 0) return;
        client.write(pending.subarray(0, eol + 2));
        pending = pending.subarray(eol + 2);
        versionSeen = true;
      }
      while (plain && pending.length >= 5 && pending.length >= 4 + pending.readUInt32BE(0)) {
        const total = 4 + pending.readUInt32BE(0);
        const packet = Buffer.from(pending.subarray(0, total));
        pending = pending.subarray(total);
        const type = packet[5];
        if (type === 31) packet[total - packet[4]! - 1]! ^= 0xff; // the last byte of the payload: the signature's
        if (type === 21) plain = false;
        client.write(packet);
      }
      if (!plain && pending.length) {
        client.write(pending);
        pending = Buffer.alloc(0);
      }
    });
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  h.track(() => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), proxy.close(() => resolve()))));
  return (proxy.address() as AddressInfo).port;
}

describe('Sync now and known_hosts (a real ssh2 server)', () => {
  const exitZero = () => h.sshServer(({ channel }) => (channel.exit(0), channel.end()));

  test('adds a host key accepted on first use, once the handshake succeeded; the next sync finds it known', async () => {
    // A home with no ~/.ssh yet (the key file lives elsewhere).
    const keyFile = path.join(h.dir, 'fleet.pem');
    renameSync(h.keyFile, keyFile);
    rmSync(path.join(h.home, '.ssh'), { recursive: true });
    const server = await exitZero();
    const target = { ...h.at(server), keyFile };
    const t = h.setup({ 'i-0aaa0001': target, 'i-0bbb0002': target });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')], jobId: 'first' });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002']);
    expect(t.of('agents.status', 'i-0aaa0001')[1]!.hostKey).toMatchObject({ status: 'new' });
    const file = path.join(h.home, '.ssh', 'known_hosts');
    const line = `[127.0.0.1]:${server.port} ecdsa-sha2-nistp256 ${b64(server.hostKey)}\n`;
    await vi.waitFor(() => expect(existsSync(file) && readFileSync(file, 'utf8')).toBe(line), { timeout: 5_000, interval: 10 });
    if (posix) {
      expect(modeOf(path.dirname(file))).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
    }

    // A later run of the app reads it back: the key is now known.
    const again = h.setup({ 'i-0aaa0001': target });
    await again.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await again.waitDone(['i-0aaa0001']);
    expect(again.doneOf('i-0aaa0001')!.exitCode).toBe(0);
    expect(again.of('agents.status', 'i-0aaa0001')[1]!.hostKey).toMatchObject({ status: 'known' });
    // And a later job of the same run too.
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')], jobId: 'second' });
    await vi.waitFor(() => expect(t.of('agents.done').filter((d) => d.jobId === 'second')).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(t.of('agents.status').filter((s) => s.jobId === 'second' && s.phase === 'running')[0]!.hostKey).toMatchObject({ status: 'known' });
    await t.service.close(); // waits for the writes
    // Both instances of the first job answer on one address: still one line.
    expect(readFileSync(file, 'utf8')).toBe(line);
  });

  test('writes nothing when the handshake fails after the host key was seen', async () => {
    const server = await exitZero();
    const port = await signatureSpoilingProxy(server.port);
    const t = h.setup({ 'i-0aaa0001': { ...h.at(server), port } });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'connection', message: expect.stringContaining('signature verification failed') });
    await t.service.close();
    expect(existsSync(path.join(h.home, '.ssh', 'known_hosts'))).toBe(false);
    expect(server.commands).toEqual([]);
  });

  test('writes nothing when the key mismatched, or when the handshake never finished', async () => {
    const server = await exitZero();
    const file = path.join(h.home, '.ssh', 'known_hosts');
    const listed = `[127.0.0.1]:${server.port} ecdsa-sha2-nistp256 ${b64(makeKeyPair().publicBlob)}\n`;
    writeFileSync(file, listed, { mode: 0o600 });
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket)); // accepts, then never speaks SSH
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    h.track(() => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), silent.close(() => resolve()))));
    const t = h.setup(
      { 'i-0aaa0001': h.at(server), 'i-0bbb0002': { ...h.at(server), port: (silent.address() as { port: number }).port } },
      { readyTimeoutMs: 300 },
    );
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')] });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002']);
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'host-key' });
    expect(t.doneOf('i-0bbb0002')!.error).toMatchObject({ kind: 'timeout' });
    await t.service.close();
    expect(readFileSync(file, 'utf8')).toBe(listed);
    expect(server.commands).toEqual([]);
  });
});
