import type { FetchLike } from './deps';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/**
 * The project's ready-url pointed at the instance: `localhost` (or 127.0.0.1) becomes `host`,
 * keeping scheme, port, path and query. A URL naming another host is used as it is. Null when
 * there is no URL or no host yet.
 */
export function readyUrlFor(template: string | null | undefined, host: string | null): string | null {
  if (!template) return null;
  let url: URL;
  try {
    url = new URL(template);
  } catch {
    return null;
  }
  if (!LOCAL_HOSTS.has(url.hostname)) return url.toString();
  if (!host) return null;
  url.hostname = host;
  return url.toString();
}

/** The port the ready-url answers on (80/443 when it names none). */
export function readyUrlPort(template: string | null | undefined): number | null {
  if (!template) return null;
  try {
    const url = new URL(template);
    if (url.port) return Number(url.port);
    return url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : null;
  } catch {
    return null;
  }
}

/** The public DNS name, else the public IP. */
export function publicHost(instance: { PublicDnsName?: string | undefined; PublicIpAddress?: string | undefined }): string | null {
  return instance.PublicDnsName || instance.PublicIpAddress || null;
}

export type ProbeResult =
  | { ok: true; status: number; at: string }
  | { ok: false; status: number | null; error: string; at: string };

/** One GET of the ready-url: ready on 2xx/3xx (redirects are not followed), within `timeoutMs`. */
export async function probeReadyUrl(fetchImpl: FetchLike, url: string, timeoutMs: number, now: () => Date): Promise<ProbeResult> {
  try {
    const response = await fetchImpl(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    const at = now().toISOString();
    if (response.status >= 200 && response.status < 400) return { ok: true, status: response.status, at };
    return { ok: false, status: response.status, error: `answered HTTP ${response.status}`, at };
  } catch (error) {
    return { ok: false, status: null, error: describeFetchError(error, timeoutMs), at: now().toISOString() };
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port yet)';
  if (code === 'ENOTFOUND') return 'the host name does not resolve yet';
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (code) return `${code}${e.cause?.message ? `: ${e.cause.message}` : ''}`;
  return e?.message ?? String(error);
}
