import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH } from '../contract/bridge';
import { createDispatcher } from '../contract/dispatch';
import { fail } from '../contract/errors';
import { eventNames } from '../contract/events';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/ports';
import { hasValidCookie, newToken, originProblem, sameToken, tokenCookie } from './auth';
import { serveStatic } from './static-files';

export interface ServeOptions {
  core: Core;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  logger: Logger;
  /** Tests may fix the token; by default a random one is made. */
  token?: string;
}

export interface RunningServer {
  /** Open this: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY = 1024 * 1024;
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Browser mode: the core and the contract over loopback HTTP + WebSocket, behind a token. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const dispatch = createDispatcher(options.core.api, {
    onUnexpectedError: (channel, error) =>
      options.logger.error(`${channel} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });
  let origin = '';

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      options.logger.error('request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error; see the terminal running flotilla serve.');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = originProblem(req, origin);
    if (problem) return forbidden(res, problem);
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameToken(token, given)) return forbidden(res, 'wrong token');
      url.searchParams.delete('token');
      res.writeHead(303, { location: url.pathname + url.search, 'set-cookie': tokenCookie(token) });
      return void res.end();
    }
    if (!hasValidCookie(req, token)) return forbidden(res, 'missing token');
    if (url.pathname.startsWith(API_PREFIX)) return handleCall(req, res, url.pathname.slice(API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (!(await serveStatic(options.staticDir, url.pathname, res))) send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Calls are POST requests');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return json(res, 415, fail('bad-request', 'Calls must send a JSON body (content-type: application/json).'));
    }
    const body = await readBody(req);
    if (body === null) return json(res, 413, fail('bad-request', `The payload is larger than ${MAX_BODY} bytes.`));
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : {};
    } catch {
      return json(res, 400, fail('bad-request', 'The payload is not valid JSON.'));
    }
    json(res, 200, await dispatch(decodeURIComponent(channel), payload));
  }

  function forbidden(res: ServerResponse, reason: string): void {
    options.logger.warn(`refused a request: ${reason}`);
    send(
      res,
      403,
      'text/plain; charset=utf-8',
      `Forbidden (${reason}). Open the URL that \`flotilla serve\` printed, with its token, at ${origin}.`,
    );
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', origin || 'http://x').pathname;
    const problem = originProblem(req, origin) ?? (hasValidCookie(req, token) ? null : 'missing token');
    if (problem || path !== EVENTS_PATH) {
      options.logger.warn(`refused an event socket: ${problem ?? `path ${path}`}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  const broadcast = (message: string) => {
    for (const client of sockets.clients) if (client.readyState === 1) client.send(message);
  };
  const unsubscribe = eventNames.map((event) =>
    options.core.events.on(event, (payload) => broadcast(JSON.stringify({ event, payload }))),
  );
  sockets.on('connection', (ws: WebSocket) => ws.on('error', () => ws.terminate()));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      for (const off of unsubscribe) off();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
