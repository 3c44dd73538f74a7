/**
 * Adversarial: a client that pipelines requests for the app's static files (no token needed) and
 * never reads the answers. Node runs the handler of every pipelined request at once, so each one
 * opened its file straight away and kept it open behind the stalled first answer: one connection
 * and one write held hundreds of file descriptors, for ever (no timeout applies while an answer is
 * being written). Loopback only, bounded in count and time.
 */
import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { serveForSuite } from './serve.test-helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const openFds = () => readdirSync('/proc/self/fd').length;

describe('pipelined static requests from a client that never reads', () => {
  const server = serveForSuite({
    files: { 'index.html': '<!doctype html><title>Flotilla</title>', 'big.js': Buffer.alloc(2 * 1024 * 1024, 0x61) },
    closeWithinMs: 3_000,
  });

  /** One connection that sends `count` pipelined GETs of the big file in one write and never reads. */
  async function stalledClient(count: number): Promise<Socket> {
    const socket = connect({ host: '127.0.0.1', port: server.port });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.pause();
    socket.write(`GET /big.js HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`.repeat(count));
    return socket;
  }

  test.skipIf(!existsSync('/proc/self/fd'))('one connection does not make the server hold a file open per pipelined request', async () => {
    const before = openFds();
    const socket = await stalledClient(200);
    try {
      let most = 0;
      // Bounded sampling while the answers are stalled.
      for (let i = 0; i < 15; i++) {
        await sleep(100);
        most = Math.max(most, openFds() - before);
      }
      // The client's socket, the server's, the file being sent, and a little slack.
      expect(most, 'descriptors the server opened for one stalled connection').toBeLessThanOrEqual(10);
    } finally {
      socket.destroy();
    }
  });

  test.skipIf(!existsSync('/proc/self/fd'))('a connection whose answers are not read is dropped after a while', async () => {
    await sleep(1_000); // the previous case's descriptors are gone
    const before = openFds();
    const socket = await stalledClient(20);
    try {
      await sleep(500);
      expect(openFds() - before, 'the client socket, the server one and the file being sent').toBeGreaterThanOrEqual(3);
      // Bounded wait: the server must let go of its side (socket and file) while the client keeps its own.
      let held = true;
      for (let i = 0; i < 120 && held; i++) {
        await sleep(500);
        held = openFds() - before > 1;
      }
      expect(held, 'the server still holds the stalled connection after 60 s').toBe(false);
    } finally {
      socket.destroy();
    }
  }, 80_000);
});
