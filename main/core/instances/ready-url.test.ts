import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeReadyUrl, publicHost, readyUrlFor, readyUrlPort } from './ready-url';

describe('readyUrlFor', () => {
  test('puts the instance address in place of localhost, keeping port, path and query', () => {
    expect(readyUrlFor('http://localhost:3000/healthz?deep=1', 'ec2-1.compute.amazonaws.com')).toBe('http://ec2-1.compute.amazonaws.com:3000/healthz?deep=1');
    expect(readyUrlFor('http://127.0.0.1/', '203.0.113.5')).toBe('http://203.0.113.5/');
  });
  test('keeps a host the local project file names; null without a host or URL', () => {
    expect(readyUrlFor('https://status.example.com/x', null, 'https://status.example.com/')).toBe('https://status.example.com/x');
    expect(readyUrlFor('http://localhost:3000/', null)).toBeNull();
    expect(readyUrlFor(null, 'h')).toBeNull();
  });
  test('ports and hosts', () => {
    expect(readyUrlPort('http://localhost:3000/x')).toBe(3000);
    expect(readyUrlPort('http://localhost/x')).toBe(80);
    expect(readyUrlPort('https://localhost/x')).toBe(443);
    expect(publicHost({ PublicDnsName: '', PublicIpAddress: '203.0.113.5' })).toBe('203.0.113.5');
    expect(publicHost({ PublicDnsName: 'a.b', PublicIpAddress: '203.0.113.5' })).toBe('a.b');
    expect(publicHost({})).toBeNull();
  });
});

describe('probeReadyUrl against a real server', () => {
  let server: Server;
  let port: number;
  let status = 200;
  let delayMs = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(status, status === 302 ? { location: '/elsewhere' } : {});
        res.end('body');
      }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const now = () => new Date('2025-06-01T12:00:00Z');

  test('2xx and 3xx are ready (redirects not followed); 5xx is not', async () => {
    const url = readyUrlFor(`http://localhost:${port}/health`, '127.0.0.1')!;
    status = 204;
    expect(await probeReadyUrl(fetch, url, 2000, now)).toEqual({ ok: true, status: 204, at: '2025-06-01T12:00:00.000Z' });
    status = 302;
    expect(await probeReadyUrl(fetch, url, 2000, now)).toMatchObject({ ok: true, status: 302 });
    status = 503;
    expect(await probeReadyUrl(fetch, url, 2000, now)).toMatchObject({ ok: false, status: 503, error: 'answered HTTP 503' });
  });

  test('a refused connection and a timeout say so', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probeReadyUrl(fetch, `http://127.0.0.1:${freePort}/`, 2000, now)).toMatchObject({ ok: false, status: null, error: expect.stringContaining('connection refused') });
    status = 200;
    delayMs = 300;
    expect(await probeReadyUrl(fetch, `http://127.0.0.1:${port}/`, 50, now)).toMatchObject({ ok: false, error: 'no answer within 0 s' });
    delayMs = 0;
  });
});
