/**
 * Regression guard (these attacks hold): abuse of the events socket by a client that does hold the
 * token (oversized, malformed, fragmented and ping frames) closes that socket at most; the server
 * goes on. Loopback only, bounded in count and time.
 */
import { connect, type Socket } from 'node:net';
import { call, serveForSuite, wsUpgrade } from './serve.test-helpers';

/** A client frame (masked, as the protocol demands unless `unmasked`). */
function frame(opcode: number, payload: Buffer, options: { fin?: boolean; unmasked?: boolean; declared?: number } = {}): Buffer {
  const length = options.declared ?? payload.length;
  const head: number[] = [(options.fin === false ? 0 : 0x80) | opcode];
  const mask = options.unmasked ? 0 : 0x80;
  if (length < 126) head.push(mask | length);
  else if (length < 65536) head.push(mask | 126, length >> 8, length & 255);
  else {
    head.push(mask | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (options.unmasked) return Buffer.concat([Buffer.from(head), payload]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

describe('abuse of the events socket, with the token', () => {
  const server = serveForSuite({ files: { 'index.html': '<!doctype html><title>Flotilla</title>' } });

  /** Opens the events socket by hand, sends `bytes`, and answers once the server closed it (or after 5 s). */
  function abuse(bytes: Buffer): Promise<{ upgraded: boolean; closedByServer: boolean }> {
    return new Promise((resolve) => {
      const socket: Socket = connect({ host: '127.0.0.1', port: server.port });
      let text = '';
      let sent = false;
      const guard = setTimeout(() => {
        socket.destroy();
        resolve({ upgraded: text.startsWith('HTTP/1.1 101'), closedByServer: false });
      }, 5_000);
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (!sent && text.includes('\r\n\r\n')) {
          sent = true;
          socket.write(bytes);
        }
      });
      socket.on('close', () => {
        clearTimeout(guard);
        resolve({ upgraded: text.startsWith('HTTP/1.1 101'), closedByServer: true });
      });
      socket.on('connect', () =>
        socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\nSec-WebSocket-Protocol: flotilla.v1, token.${server.token}\r\n${wsUpgrade}\r\n`),
      );
    });
  }

  /** The status of an authorised call. */
  async function stillServes(): Promise<number> {
    return (await call(server, '/api/projects.list', { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: '{}' })).status;
  }

  test.each([
    ['a frame over maxPayload (declared 1 GiB)', frame(2, Buffer.alloc(16), { declared: 2 ** 30 })],
    ['a text frame over maxPayload', frame(1, Buffer.alloc(70 * 1024, 0x61))],
    ['fragments adding up past maxPayload', Buffer.concat([...Array.from({ length: 9 }, () => frame(0, Buffer.alloc(8 * 1024), { fin: false })).map((f, i) => (i === 0 ? Buffer.concat([Buffer.from([0x01]), f.subarray(1)]) : f))])],
    ['an unmasked frame', frame(1, Buffer.from('hi'), { unmasked: true })],
    ['a reserved opcode', frame(3, Buffer.from('x'))],
    ['a ping over 125 bytes', frame(9, Buffer.alloc(200))],
    ['invalid UTF-8 in a text frame', frame(1, Buffer.from([0xff, 0xfe, 0xfd]))],
    ['a close frame with a bad code', frame(8, Buffer.from([0x03, 0xe7]))],
  ])('%s: the server closes that socket and goes on', async (_name, bytes) => {
    const result = await abuse(bytes);
    expect(result.upgraded).toBe(true);
    expect(result.closedByServer).toBe(true);
    expect(await stillServes()).toBe(200);
  });

  test('a bounded ping flood and messages the server ignores: the server goes on', async () => {
    const pings = Buffer.concat(Array.from({ length: 2_000 }, () => frame(9, Buffer.alloc(125))));
    const messages = Buffer.concat(Array.from({ length: 200 }, () => frame(1, Buffer.from('{"event":"instances.changed"}'))));
    const result = await abuse(Buffer.concat([pings, messages, frame(8, Buffer.from([0x03, 0xe8]))]));
    expect(result.upgraded).toBe(true);
    expect(await stillServes()).toBe(200);
  });
});
