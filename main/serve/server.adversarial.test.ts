/**
 * Standing adversarial suite for browser mode's server: whatever a local client sends, the server
 * answers a status code and goes on serving; the token is only ever accepted where a page of
 * another origin cannot present it. Loopback only, bounded in count; no timed assertions (the
 * per-connection guard timer only stops a hung case from hanging the suite).
 */
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { call, serveForSuite, statusOf, wsUpgrade } from './serve.test-helpers';

/** True once `text` holds one whole HTTP response (headers, then its content-length or chunked body). */
function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = text.slice(0, end).toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) return text.length - end - 4 >= Number(length[1]);
  if (/\r\ntransfer-encoding: *chunked/.test(head)) return text.endsWith('0\r\n\r\n');
  return true;
}

/**
 * Writes raw bytes on a fresh loopback connection and answers what the server sent back: the first
 * whole response, or everything until the server closed. `halfClose` ends our side at once (the
 * server then drops a request it has not answered yet, so only for "a status or a close" cases);
 * otherwise our side ends only if no whole answer came within a grace period (for requests that
 * are incomplete on purpose). The guard only bounds a hung case; nothing asserts on time.
 */
function raw(port: number, bytes: string | Buffer, options: { halfClose?: boolean } = {}): Promise<{ text: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const text = () => Buffer.concat(chunks).toString('latin1');
    const grace = setTimeout(() => socket.end(), 2_000);
    const guard = setTimeout(() => socket.destroy(), 10_000);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (complete(text())) socket.destroy();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => {
      clearTimeout(grace);
      clearTimeout(guard);
      resolve({ text: text(), error });
    });
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.halfClose) socket.end();
    });
  });
}

describe('browser-mode server under attack', () => {
  const server = serveForSuite({ files: { 'index.html': '<!doctype html><title>Flotilla</title>', 'assets/app.js': 'console.log(1)' } });
  const host = () => `127.0.0.1:${server.port}`;
  const bearer = () => ({ authorization: `Bearer ${server.token}` });
  /**
   * What the robustness cases present: the bearer header, plus the cookie the server used to take,
   * so that each case measures its own attack, whichever credential the server accepts.
   */
  const creds = () => ({ ...bearer(), cookie: `flotilla_token=${server.token}` });
  const json = { 'content-type': 'application/json' };

  /** The server is up: an authorised call still answers its Result. */
  async function stillServes(): Promise<void> {
    const answer = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, ...creds() }, body: '{}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: [] });
  }

  describe('no request stops the server', () => {
    test('an upgrade whose target is not a URL is answered 400', async () => {
      const answer = await raw(server.port, `GET http://[ HTTP/1.1\r\nHost: ${host()}\r\n${wsUpgrade}\r\n`);
      expect(statusOf(answer.text)).toBe(400);
      await stillServes();
    });

    test('a malformed percent-encoding in a cookie on the event socket is no crash (cookies are ignored)', async () => {
      for (const cookie of ['flotilla_token=%E0', 'flotilla_token=%E0%A4%A', `flotilla_token=${'%'.repeat(100)}`]) {
        const answer = await raw(server.port, `GET /events HTTP/1.1\r\nHost: ${host()}\r\nCookie: ${cookie}\r\n${wsUpgrade}\r\n`);
        expect(statusOf(answer.text)).toBe(403);
      }
      await stillServes();
    });

    test('a malformed percent-encoding in the channel answers a 400 Result, not a plain 500', async () => {
      const answer = await call(server, '/api/%E0%A4%A', { method: 'POST', headers: { ...json, ...creds() }, body: '{}' });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      await stillServes();
    });

    test('a body over the limit is answered 413 (declared or chunked), without a connection reset', async () => {
      const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
      const declared = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, ...creds() }, body: big });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      const chunked = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, ...creds() }, body: big, chunked: true });
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      // Without the token the body is never read: 403 first.
      const anonymous = await call(server, '/api/projects.list', { method: 'POST', headers: json, body: big });
      expect(anonymous.status).toBe(403);
      await stillServes();
    });

    test('bounded raw fuzz: every request gets a status code (or a close) and the server goes on', async () => {
      const h = host();
      const fixed: string[] = [
        // request lines and targets
        `GET http://[ HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET http://[::1 HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET %% HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET //evil.example/x HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET * HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `OPTIONS * HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n`,
        `GET / HTTP/9.9\r\nHost: ${h}\r\n\r\n`,
        `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET /%E0%A4%A HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET /?token=%E0%A4%A HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET /?token=%0d%0aset-cookie:x=1 HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET /?token=${server.token}%0d%0a HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `POST /api/%E0%A4%A HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/%00 HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `\x00\x01\x02\x03\r\n\r\n`,
        `\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
        `GET\r\n\r\n`,
        // headers
        `GET / HTTP/1.1\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: ${h}\r\nHost: evil.example\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: ${h}\r\nOrigin: null\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: ${h}\r\nX: a\r\n folded\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: ${h}\r\nX: \x7f\x01\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: ${h}\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nContent-Length: -1\r\n\r\n`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nContent-Length: abc\r\n\r\n`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}`,
        // credentials
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer %E0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Basic Zm9vOmJhcg==\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${'x'.repeat(5000)}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nCookie: flotilla_token=%E0%A4%A; =; ;;\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nCookie: flotilla_token=${server.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        // bodies
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":`,
        `POST /api/projects.get HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 37\r\n\r\n{"__proto__":{"polluted":1},"id":"x"}`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n\xff\xfe\x00\x01`,
        `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}`,
        // upgrades
        `GET http://[ HTTP/1.1\r\nHost: ${h}\r\n${wsUpgrade}\r\n`,
        `GET %E0 HTTP/1.1\r\nHost: ${h}\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nCookie: flotilla_token=%E0\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: ,,,\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}, token.${server.token}\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: token.%E0\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
        `GET /events HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`,
        `GET /%E0%A4%A HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\nHost: evil.example\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\n${wsUpgrade}\r\n`,
        `GET /events HTTP/1.1\r\n${wsUpgrade}\r\n`,
      ];
      // A fixed-seed mutator over the cases above: flipped, dropped and duplicated bytes.
      let seed = 20260211;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      const mutated = Array.from({ length: 40 }, (_, i) => {
        const bytes = Buffer.from(fixed[i % fixed.length]!, 'latin1');
        for (let n = 0; n < 1 + (next() % 4); n++) {
          const at = next() % bytes.length;
          bytes[at] = next() % 256;
        }
        return bytes;
      });
      for (const [i, bytes] of [...fixed.map((f) => Buffer.from(f, 'latin1')), ...mutated].entries()) {
        const answer = await raw(server.port, bytes, { halfClose: i >= fixed.length });
        const status = statusOf(answer.text);
        // Either a status line, or (only for what is not HTTP at all after mutation) a plain close.
        if (i < fixed.length) expect(status, `case ${i}: ${JSON.stringify(bytes.toString('latin1').slice(0, 80))} -> ${JSON.stringify(answer)}`).toBeGreaterThanOrEqual(100);
        if (status) expect(status, `case ${i}`).not.toBe(500);
        // Never an echo of the token from the server.
        if (!bytes.toString('latin1').includes(server.token) || status >= 400) expect(answer.text).not.toContain(server.token);
      }
      await stillServes();
    });

    test('a client that resets right after an upgrade or a large request does not bring the server down', async () => {
      for (let i = 0; i < 10; i++) {
        await new Promise<void>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port: server.port }, () => {
            socket.write(`GET /events HTTP/1.1\r\nHost: ${host()}\r\n${wsUpgrade}\r\n`);
            socket.resetAndDestroy();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        });
      }
      await stillServes();
    });
  });

  describe('the token is a header, never a cookie', () => {
    test('the token cookie alone opens nothing', async () => {
      const cookie = { cookie: `flotilla_token=${server.token}` };
      expect((await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, ...cookie }, body: '{}' })).status).toBe(403);
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: cookie, origin: server.origin });
      await expect(new Promise((_, reject) => socket.on('error', reject))).rejects.toThrow(/403/);
    });

    test('a shadowing cookie does not lock the real client out', async () => {
      const headers = { ...json, ...bearer(), cookie: 'flotilla_token=evil; flotilla_token=%E0%A4%A' };
      expect((await call(server, '/api/projects.list', { method: 'POST', headers, body: '{}' })).status).toBe(200);
    });

    test('the old ?token= link redirects to the fragment and sets no cookie', async () => {
      const answer = await call(server, `/?token=${server.token}`);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe(`/#token=${server.token}`);
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect((await call(server, '/?token=nope')).status).toBe(403);
    });

    test('the event socket takes the token as a subprotocol and never echoes it', async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`, ['flotilla.v1', `token.${server.token}`], { origin: server.origin });
      const upgradeHeaders = new Promise<Record<string, string | string[] | undefined>>((resolve) => {
        socket.on('upgrade', (res) => resolve(res.headers));
      });
      const opened = new Promise((resolve) => socket.on('open', resolve));
      const headers = await upgradeHeaders;
      await opened;
      expect(socket.protocol).toBe('flotilla.v1');
      expect(JSON.stringify(headers)).not.toContain(server.token);
      socket.close();

      const wrong = new WebSocket(`ws://127.0.0.1:${server.port}/events`, ['flotilla.v1', 'token.nope'], { origin: server.origin });
      await expect(new Promise((_, reject) => wrong.on('error', reject))).rejects.toThrow(/403/);
      const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/events`, ['flotilla.v1', `token.${server.token}`], { origin: 'http://127.0.0.1:1' });
      await expect(new Promise((_, reject) => foreign.on('error', reject))).rejects.toThrow(/403/);
    });

    test('a bearer token from another origin is refused', async () => {
      const answer = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, ...bearer(), origin: 'http://127.0.0.1:1' }, body: '{}' });
      expect(answer.status).toBe(403);
    });
  });
});
