/** Helpers shared by this folder's tests (imported only by *.test.ts files). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlotillaApi } from '../contract/api';
import type { Core } from '../core/create-core';
import { createEventBus, type EventBus } from '../core/event-bus';
import type { Logger } from '../core/ports';
import { fakeApi } from '../../test/support/fake-api';
import { startServer, type RunningServer } from './server';

export const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The core these tests serve: app.info, and projects.list answering []; projects.get and
 * .preview reject; the rest answers `unavailable`. Pass `events` to emit on them.
 */
export function testCore(events: EventBus = createEventBus(() => undefined)): Core {
  const api: FlotillaApi = fakeApi({
    app: { info: async () => ({ name: 'Flotilla', version: '1', mode: 'browser', projectsDir: '/p', platform: 'linux', tray: { status: 'none' as const, detail: 'Browser mode has no tray icon.' } }) },
    projects: {
      list: async () => [],
      get: async () => Promise.reject(new Error('unused')),
      preview: async () => Promise.reject(new Error('unused')),
    },
  });
  return { api, events, close: async () => undefined };
}

/** The server of a suite: its fields read those of the server started in beforeAll. */
export interface SuiteServer extends Readonly<RunningServer> {
  /** The folder it serves. */
  readonly dir: string;
}

/**
 * For the describe block it is called in: in beforeAll, writes `files` (relative path: content)
 * into a fresh folder and serves it with startServer; in afterAll, closes the server and removes
 * the folder. `closeWithinMs` bounds close(), for suites whose cases may leave a socket the
 * server never lets go of (close() would then wait for ever).
 */
export function serveForSuite(options: { files: Record<string, string | Buffer>; core?: Core; closeWithinMs?: number }): SuiteServer {
  let dir = '';
  let server: RunningServer | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'serve-'));
    for (const [name, content] of Object.entries(options.files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    server = await startServer({ core: options.core ?? testCore(), staticDir: dir, logger: silent });
  });
  afterAll(async () => {
    const closing = server!.close();
    if (options.closeWithinMs === undefined) await closing;
    else await Promise.race([closing, new Promise((r) => setTimeout(r, options.closeWithinMs))]);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      return server!.url;
    },
    get origin() {
      return server!.origin;
    },
    get port() {
      return server!.port;
    },
    get token() {
      return server!.token;
    },
    close: () => server!.close(),
    get dir() {
      return dir;
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request to the server (Host: 127.0.0.1:<port> unless `headers` says otherwise),
 * answering its status, headers and whole body. `chunked` sends the body in several writes without
 * a content-length, so the server cannot size it up front.
 */
export function call(server: RunningServer, p: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: p, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...init.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.chunked && init.body) {
      const body = Buffer.from(init.body);
      for (let at = 0; at < body.length; at += 256 * 1024) req.write(body.subarray(at, at + 256 * 1024));
      req.end();
    } else req.end(init.body);
  });
}

/** The status code of a raw HTTP/1.1 answer, 0 if it does not start with a status line. */
export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

/** The header lines (each ending in CRLF) that make a raw request a WebSocket upgrade. */
export const wsUpgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
