import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE } from '../contract/bridge';

/** A random token made when the server starts; valid for this run only. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * DNS-rebinding and cross-site guard: the Host header must name exactly our loopback address and
 * port, and an Origin, when the browser sends one, must be our own origin.
 */
export function originProblem(req: IncomingMessage, origin: string): string | null {
  const host = new URL(origin).host;
  if (req.headers.host !== host) return `Host '${req.headers.host ?? ''}' is not ${host}`;
  const from = req.headers.origin;
  if (from !== undefined && from !== origin) return `Origin '${from}' is not ${origin}`;
  return null;
}

export function hasValidCookie(req: IncomingMessage, token: string): boolean {
  return sameToken(token, readCookie(req, TOKEN_COOKIE));
}
