import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../contract/bridge';

/** A random token made when the server starts; valid for this run only (base64url, 32 chars). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token of `Authorization: Bearer <token>`, or null. Cookies are never read: a browser sends
 * them to every port of the host, and lets any page on the host set them.
 */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.length > 1024) return null;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/.exec(header);
  return match ? match[1]! : null;
}

/** The subprotocols a WebSocket handshake offers (Sec-WebSocket-Protocol), as sent. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string' || header.length > 1024) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * The events socket's credential: the handshake offers EVENTS_PROTOCOL and exactly one
 * `token.<token>` subprotocol, and that token is this run's.
 */
export function hasValidSocketToken(req: IncomingMessage, token: string): boolean {
  const offered = offeredProtocols(req);
  const tokens = offered.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return offered.includes(EVENTS_PROTOCOL) && tokens.length === 1 && sameToken(token, tokens[0]!.slice(TOKEN_PROTOCOL_PREFIX.length));
}

export function hasValidBearer(req: IncomingMessage, token: string): boolean {
  return sameToken(token, bearerToken(req));
}

/**
 * DNS-rebinding and cross-site guard: the Host header must name exactly our loopback address and
 * port, and an Origin, when the browser sends one, must be our own origin.
 */
export function originProblem(req: IncomingMessage, origin: string, host: string): string | null {
  const given = req.headers.host;
  if (given !== host) return `Host '${printable(given)}' is not ${host}`;
  const from = req.headers.origin;
  if (from !== undefined && from !== origin) return `Origin '${printable(from)}' is not ${origin}`;
  return null;
}

/** A header value as it may appear in a log line: short, printable ASCII only. */
export function printable(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}
