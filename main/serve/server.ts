import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH, EVENTS_PROTOCOL, TOKEN_PARAM } from '../contract/bridge';
import { createDispatcher } from '../contract/dispatch';
import { fail } from '../contract/errors';
import { eventNames } from '../contract/events';
import type { Core } from '../core/create-core';
import type { Logger } from '../core/ports';
import { hasValidBearer, hasValidSocketToken, newToken, originProblem, printable, sameToken } from './auth';
import { limitAnswerTime, serveStatic } from './static-files';

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
  /** Open this: it carries the token in its fragment (`/#token=…`), which is never sent to the server. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY = 1024 * 1024;
/** After answering 413, the rest of an oversized body is read and dropped up to this, then the connection is cut. */
const MAX_DRAIN = 8 * MAX_BODY;
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Browser mode: the core and the contract over loopback HTTP + WebSocket. The app shell (HTML,
 * scripts, styles) holds no secret and is served to any request for our own Host; every call
 * needs `Authorization: Bearer <token>` and the events socket the token as a subprotocol. No
 * request, however malformed, stops the server: each one is answered a status code.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const log = options.logger;
  const dispatch = createDispatcher(options.core.api, {
    onUnexpectedError: (channel, error) =>
      log.error(`${channel} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });
  let origin = '';
  let host = '';

  const server = createServer(
    // Slow clients cannot hold a connection forever (slowloris): the headers within 10 s, the whole
    // request within 30 s; idle keep-alive connections close after 5 s. Node enforces the first two
    // when it checks its connections, every 30 s by default: checked every second, a slow client
    // is cut at 10 s, not at up to 40 s.
    { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      try {
        for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
        handle(req, res).catch((error: unknown) => failed(req, res, error));
      } catch (error) {
        failed(req, res, error);
      }
    },
  );

  function failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    log.error('request failed', { path: printable((req.url ?? '').split('?')[0]), error: String(error) });
    try {
      if (!res.headersSent) json(res, 500, fail('internal', 'Internal error; see the terminal running flotilla serve.'));
      else res.destroy();
    } catch {
      res.destroy();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = originProblem(req, origin, host);
    if (problem) return forbidden(res, problem);
    const url = parseTarget(req.url, origin);
    if (!url) return send(res, 400, 'text/plain; charset=utf-8', 'Bad request target');
    if (url.searchParams.has(TOKEN_PARAM)) return legacyLink(req, res, url);
    if (url.pathname.startsWith(API_PREFIX)) return handleCall(req, res, url.pathname.slice(API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    await ownTurn(res);
    if (!(await serveStatic(options.staticDir, url.pathname, res))) send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  /**
   * The `?token=` links of earlier versions: the right token is moved into the fragment, where the
   * page picks it up; no cookie is set.
   */
  function legacyLink(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (!sameToken(token, url.searchParams.get(TOKEN_PARAM))) return forbidden(res, 'wrong token in the link');
    res.writeHead(303, { location: `/#${TOKEN_PARAM}=${token}`, 'cache-control': 'no-store', 'content-length': 0 });
    res.end();
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    if (!hasValidBearer(req, token)) return forbidden(res, 'missing or wrong token');
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Calls are POST requests');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return json(res, 415, fail('bad-request', 'Calls must send a JSON body (content-type: application/json).'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return json(res, 400, fail('bad-request', 'The method name is not valid percent-encoding.'));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) return refuseLarge(req, res);
    const body = await readBody(req);
    if (body === null) return refuseLarge(req, res);
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : {};
    } catch {
      return json(res, 400, fail('bad-request', 'The payload is not valid JSON.'));
    }
    json(res, 200, await dispatch(channel, payload));
  }

  /**
   * 413 at once, with the whole answer, then the rest of the body is read and dropped so that the
   * connection closes cleanly after it (closing with unread bytes would reset it, and the client
   * might lose the answer). Past MAX_DRAIN the connection is cut.
   */
  function refuseLarge(req: IncomingMessage, res: ServerResponse): void {
    const text = JSON.stringify(fail('bad-request', `The payload is larger than ${MAX_BODY} bytes.`));
    res.writeHead(413, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(text),
      connection: 'close',
    });
    res.write(text);
    if (req.readableEnded) return void res.end();
    let drained = 0;
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > MAX_DRAIN) req.socket.destroy();
    });
    req.on('end', () => res.end());
    req.on('error', () => res.destroy());
    req.resume();
  }

  function forbidden(res: ServerResponse, reason: string): void {
    log.warn(`refused a request: ${reason}`);
    send(res, 403, 'text/plain; charset=utf-8', `Forbidden (${reason}). Open the URL that \`flotilla serve\` printed, at ${origin}.`);
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // Select our protocol, never the token's: the answer must not carry the token back.
    handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  sockets.on('error', (error) => log.warn('event socket server error', { error: String(error) }));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server has let go of this socket: an error on it (a reset) must not go unhandled.
    socket.on('error', () => socket.destroy());
    try {
      const url = parseTarget(req.url, origin);
      if (!url) return refuseUpgrade(socket, 400, 'not a valid target');
      const problem = originProblem(req, origin, host) ?? (hasValidSocketToken(req, token) ? null : 'missing or wrong token');
      if (problem) return refuseUpgrade(socket, 403, problem);
      if (url.pathname !== EVENTS_PATH) return refuseUpgrade(socket, 404, `path ${printable(url.pathname)}`);
      sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
    } catch (error) {
      log.warn('event socket refused', { error: String(error) });
      socket.destroy();
    }
  });

  function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
    log.warn(`refused an event socket: ${reason}`);
    answerAndClose(socket, status);
  }

  // CONNECT is no method of ours (without a listener Node would just drop the connection).
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    answerAndClose(socket, 405);
  });

  // Malformed requests (bad request line, headers, lengths, chunking; too-large headers; timeouts).
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    answerAndClose(socket, status);
  });

  const broadcast = (message: string) => {
    for (const client of sockets.clients) if (client.readyState === 1) client.send(message);
  };
  const unsubscribe = eventNames.map((event) =>
    options.core.events.on(event, (payload) => broadcast(JSON.stringify({ event, payload }))),
  );
  sockets.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    // The page only listens; anything it sends is dropped.
    ws.on('message', () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error('browser-mode server error', { error: String(error) }));
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  host = `${HOST}:${port}`;

  return {
    url: `${origin}/#${TOKEN_PARAM}=${token}`,
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

/** The request target as a URL of our own origin, or null (not a URL, or another origin's). */
function parseTarget(target: string | undefined, origin: string): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/')) return null;
  try {
    const url = new URL(target, origin);
    return url.origin === origin ? url : null;
  } catch {
    return null;
  }
}

/**
 * A bodiless answer on a socket the HTTP server does not manage (a refused upgrade or CONNECT, a
 * malformed or timed-out request), then the socket closed for good. The server's sockets are
 * half-open ones (allowHalfOpen): end() alone would leave this one open for as long as the client
 * keeps its side open, with no timeout left to close it, and for ever after a refused upgrade (a
 * paused socket never sees the client's end behind a byte nobody reads). If the answer cannot be
 * flushed within a few seconds (a client that does not read), the socket is cut all the same.
 */
function answerAndClose(socket: Duplex, status: number): void {
  if (!socket.writable) return void socket.destroy();
  const cut = setTimeout(() => socket.destroy(), 5_000);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Node runs the handler of every pipelined request at once, and their answers queue behind the one
 * being written. A static answer waits for its turn on the socket before it opens its file, so a
 * client that pipelines requests and reads nothing holds one file open, not one per request. (If
 * the connection goes first, the turn never comes and nothing was opened.)
 */
function ownTurn(res: ServerResponse): Promise<void> {
  if (res.socket) return Promise.resolve();
  return new Promise((resolve) => res.once('socket', () => resolve()));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  // From the answer on, not before: a call may rightly take minutes before it answers.
  limitAnswerTime(res);
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The body as text, or null as soon as it passes MAX_BODY (the stream is left flowing). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        over = true;
        chunks.length = 0;
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}
