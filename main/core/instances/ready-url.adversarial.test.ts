import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, readyUrlFor } from './ready-url';

/**
 * Issue 11, item 10: anyone with tag rights can write `flotilla:ready-url`. The tag may choose the
 * scheme, port, path and query of the probe, never its host: Flotilla probes the instance's own
 * public address, or a host the local project file names.
 */
const INSTANCE = 'ec2-203-0-113-10.compute-1.amazonaws.com';

const hostileHosts = [
  // loopback, every spelling the WHATWG URL parser accepts
  'localhost',
  'LOCALHOST',
  'localhost.',
  'app.localhost',
  '127.0.0.1',
  '127.1',
  '127.0.1',
  '0x7f000001',
  '0x7f.1',
  '2130706433',
  '017700000001',
  '0177.0.0.1',
  '127.255.255.254',
  '0.0.0.0',
  '0',
  '[::1]',
  '[0:0:0:0:0:0:0:1]',
  '[::]',
  '[::ffff:7f00:1]',
  '[::ffff:127.0.0.1]',
  '[0:0:0:0:0:ffff:7f00:1]',
  '[::ffff:0:7f00:1]',
  // link-local (the instance metadata service among them), private and other ranges
  '169.254.169.254',
  '[fd00:ec2::254]',
  '[fe80::1]',
  '10.0.0.1',
  '172.16.0.1',
  '192.168.1.1',
  '[fd12:3456::1]',
  '[::ffff:a9fe:a9fe]',
  '100.64.0.1',
  // other hosts a tag names
  'evil.example',
  'metadata.google.internal',
];

describe('a flotilla:ready-url tag cannot choose the host that is probed', () => {
  test.each(hostileHosts)('%s is replaced by the instance address', (host) => {
    const url = readyUrlFor(`http://${host}:8080/admin?x=1`, INSTANCE);
    expect(url).toBe(`http://${INSTANCE}:8080/admin?x=1`);
  });

  test('credentials in the tag are dropped; only http and https are probed', () => {
    expect(readyUrlFor('http://user:secret@evil.example/', INSTANCE)).toBe(`http://${INSTANCE}/`);
    for (const bad of ['file:///etc/passwd', 'ftp://evil.example/', 'javascript:alert(1)', 'data:text/plain,x', 'ws://evil.example/', 'gopher://127.0.0.1:6379/_']) {
      expect(readyUrlFor(bad, INSTANCE)).toBeNull();
    }
  });

  test('without an instance address, nothing is probed (not the tag host)', () => {
    expect(readyUrlFor('https://status.example.com/x', null)).toBeNull();
    expect(readyUrlFor('http://[::ffff:7f00:1]:9/', null)).toBeNull();
  });

  test('the origin the local project file names is kept, unless its host is a loopback spelling', () => {
    const project = 'https://status.example.com/health';
    expect(readyUrlFor('https://status.example.com/x', INSTANCE, project)).toBe('https://status.example.com/x');
    expect(readyUrlFor('https://STATUS.example.com./x', INSTANCE, project)).toBe('https://status.example.com./x');
    expect(readyUrlFor('https://other.example.com/x', INSTANCE, project)).toBe(`https://${INSTANCE}/x`);
    // A tag (its flotilla:project picks which local project is trusted) cannot move to another
    // port or scheme of that host: only the exact origin the file names is kept.
    expect(readyUrlFor('https://status.example.com:8443/admin', INSTANCE, project)).toBe(`https://${INSTANCE}:8443/admin`);
    expect(readyUrlFor('http://status.example.com/x', INSTANCE, project)).toBe(`http://${INSTANCE}/x`);
    expect(readyUrlFor('http://[::ffff:7f00:1]/x', INSTANCE, 'http://127.1/')).toBe(`http://${INSTANCE}/x`);
  });

  test('loopback spellings are recognised as such', () => {
    for (const host of ['localhost', 'a.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '0.0.0.0', '[::]']) {
      expect(isLoopbackHost(new URL(`http://${host}/`).hostname), host).toBe(true);
    }
    for (const host of ['203.0.113.10', 'example.com', '[2001:db8::1]']) expect(isLoopbackHost(new URL(`http://${host}/`).hostname), host).toBe(false);
  });
});

describe('a real loopback service is never reached through a tag', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('the probe goes to the instance, not to the user\'s own loopback', async () => {
    const fetched: string[] = [];
    for (const host of ['[::ffff:7f00:1]', '127.1', '[::1]', 'localhost']) {
      const url = readyUrlFor(`http://${host}:${port}/secret`, INSTANCE);
      if (url) fetched.push(url);
    }
    expect(fetched.every((u) => new URL(u).hostname === INSTANCE)).toBe(true);
    // Sanity: the spelling itself does reach the service, so the rewrite is what protects it.
    expect(await fetch(`http://[::ffff:7f00:1]:${port}/secret`).then((r) => r.text())).toBe('secret');
    expect(hits).toBe(1);
  });
});
