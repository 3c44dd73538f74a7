/**
 * Adversarial: a connection the server refuses, or times out, must be closed by the server, not
 * merely half-closed. The HTTP server keeps sockets half-open (allowHalfOpen), so a socket that
 * is only `end()`ed stays open for as long as the client keeps its side open: no timeout applies
 * any more, and a local client can pile such connections up until the server runs out of file
 * descriptors and accepts no one, the real page included. Loopback only, bounded in count and time.
 */
import { connect } from 'node:net';
import { startServer } from './server';
import { serveForSuite, silent, statusOf, testCore, wsUpgrade } from './serve.test-helpers';

/**
 * Writes `bytes` on a loopback connection that keeps its own side open (allowHalfOpen), waits for
 * the server to finish its answer (its FIN), then keeps writing a byte every 100 ms (at most 30).
 * A server that closed the connection answers those bytes with a reset: `dropped`. A server that
 * only half-closed takes them silently: the connection is still held. `waitMs` bounds the wait
 * for the answer itself.
 */
function answerThenHold(port: number, bytes: string, waitMs: number): Promise<{ text: string; answered: boolean; dropped: boolean }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let answered = false;
    let done = false;
    let poke: ReturnType<typeof setInterval> | undefined;
    const finish = (dropped: boolean) => {
      if (done) return;
      done = true;
      clearInterval(poke);
      clearTimeout(guard);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), answered, dropped });
    };
    const guard = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('end', () => {
      answered = true;
      clearTimeout(guard);
      let n = 0;
      poke = setInterval(() => {
        if (++n > 30) finish(false);
        else socket.write('x');
      }, 100);
    });
    socket.on('connect', () => socket.write(bytes, 'latin1'));
  });
}

/** Each request in `cases` is answered its status, then the server drops the connection. */
async function expectAnsweredThenDropped(port: number, cases: [number, string][]): Promise<void> {
  for (const [status, bytes] of cases) {
    const result = await answerThenHold(port, bytes, 5_000);
    const label = JSON.stringify(bytes.slice(0, 60));
    expect(statusOf(result.text), label).toBe(status);
    expect(result.dropped, `${label}: the server still holds the connection after answering`).toBe(true);
  }
}

describe('a refused or timed-out connection is closed, not held half-open', () => {
  // Bounded close: a server that holds half-open sockets never finishes close() (see the cases below).
  const server = serveForSuite({ files: { 'index.html': '<!doctype html><title>Flotilla</title>' }, closeWithinMs: 3_000 });

  test('refused event-socket upgrades and CONNECT: answered, then the connection is dropped', async () => {
    const h = `127.0.0.1:${server.port}`;
    const cases: [number, string][] = [
      [403, `GET /events HTTP/1.1\r\nHost: ${h}\r\n${wsUpgrade}\r\n`],
      [403, `GET /events HTTP/1.1\r\nHost: evil.example\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\n${wsUpgrade}\r\n`],
      [404, `GET /elsewhere HTTP/1.1\r\nHost: ${h}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\n${wsUpgrade}\r\n`],
      [400, `GET http://[ HTTP/1.1\r\nHost: ${h}\r\n${wsUpgrade}\r\n`],
      [405, `CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n`],
    ];
    await expectAnsweredThenDropped(server.port, cases);
  }, 30_000);

  test('malformed requests (400, 431): answered, then the connection is dropped', async () => {
    const h = `127.0.0.1:${server.port}`;
    const cases: [number, string][] = [
      [400, 'GARBAGE\r\n\r\n'],
      [400, `POST /api/projects.list HTTP/1.1\r\nHost: ${h}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
      [431, `GET / HTTP/1.1\r\nHost: ${h}\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`],
    ];
    await expectAnsweredThenDropped(server.port, cases);
  }, 30_000);

  test('a refused upgrade followed by one more byte, the client then gone: the server keeps no socket', async () => {
    // After an upgrade the socket is paused: a byte nobody reads keeps its end-of-stream unseen, so
    // a socket that was only end()ed is never closed, even once the client has gone. close() then
    // waits for it forever (Ctrl-C would hang), and each such request costs the server a descriptor.
    const fresh = await startServer({ core: testCore(), staticDir: server.dir, logger: silent });
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    const h = `127.0.0.1:${fresh.port}`;
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: fresh.port });
        const guard = setTimeout(() => socket.destroy(), 5_000);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearTimeout(guard);
          resolve();
        });
        socket.once('data', () => {
          socket.write('x');
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on('connect', () =>
          socket.write(`GET /events HTTP/1.1\r\nHost: ${h}\r\n${wsUpgrade}\r\n`),
        );
      });
    }
    // Bounded wait for the server side to let go (a few event-loop turns are enough when it does).
    for (let i = 0; i < 20 && sockets() > before; i++) await new Promise((r) => setTimeout(r, 100));
    const held = sockets() - before;
    const closed = await Promise.race([fresh.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3_000))]);
    // At most what it held before (a socket of an earlier case may close meanwhile).
    expect(held, 'sockets the server still holds for clients that are gone').toBeLessThanOrEqual(0);
    expect(closed, 'close() did not finish within 3 s').toBe(true);
  }, 20_000);

  // Slow on purpose: it waits for the 10 s header timeout (checked every second).
  test('slowloris: a client that never finishes its headers gets 408, then the connection is dropped', async () => {
    const fresh = await startServer({ core: testCore(), staticDir: server.dir, logger: silent });
    try {
      const result = await answerThenHold(fresh.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${fresh.port}\r\nX-Slow: 1\r\n`, 20_000);
      expect(result.answered, 'no answer within 20 s').toBe(true);
      expect(statusOf(result.text)).toBe(408);
      expect(result.dropped, 'after its 408 the server still holds the connection: the slowloris guard is void').toBe(true);
    } finally {
      await fresh.close();
    }
  }, 40_000);
});
