import type { Instance } from '@aws-sdk/client-ec2';
import type { FetchLike, ProjectsLookup } from './deps';
import { TAG, tagMap } from './tags';

/**
 * Where the ready-url is probed. The URL (a project's ready-url, or an instance's
 * `flotilla:ready-url` tag, which anyone with tag rights can write) chooses the scheme (http or
 * https), port, path and query, never the host: the host is the instance's public address. The
 * one exception is the origin (scheme, host and port) the local project file's own ready-url
 * names (`trusted`), kept as written unless its host is a loopback spelling. So a tag can never
 * make Flotilla fetch the user's loopback services, link-local addresses (the metadata service),
 * private ranges or any other host. Credentials in the URL are dropped. Null when there is no usable URL or no address yet.
 */
export function readyUrlFor(template: string | null | undefined, host: string | null, trusted?: string | null): string | null {
  const url = parseHttpUrl(template);
  if (!url) return null;
  url.username = '';
  url.password = '';
  const own = parseHttpUrl(trusted);
  if (own && !isLoopbackHost(own.hostname) && sameOrigin(url, own)) return url.toString();
  if (!host) return null;
  // The hostname setter ignores a value it cannot parse, which would leave the tag's own host.
  let wanted: string;
  try {
    wanted = new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
  url.hostname = host;
  return url.hostname === wanted ? url.toString() : null;
}

function parseHttpUrl(text: string | null | undefined): URL | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Same scheme, host (a trailing dot aside) and port. */
const sameOrigin = (a: URL, b: URL) =>
  a.protocol === b.protocol && a.port === b.port && a.hostname.replace(/\.$/, '') === b.hostname.replace(/\.$/, '');

/**
 * A URL hostname (as `new URL()` normalises it: IPv4 in dotted decimal, IPv6 in brackets,
 * lower case) that names this machine: `localhost` and `*.localhost`, 127.0.0.0/8, 0.0.0.0,
 * `::1`, `::`, and IPv4-mapped or -translated IPv6 forms of those.
 */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const v4 = name.startsWith('[') ? mappedIpv4(name.slice(1, -1)) : name;
  if (v4 === null) return name === '[::1]' || name === '[::]';
  return /^127\.\d+\.\d+\.\d+$/.test(v4) || v4 === '0.0.0.0';
}

/** The IPv4 address inside `::ffff:a.b.c.d` / `::ffff:0:a.b.c.d` (hex or dotted), else null. */
function mappedIpv4(ipv6: string): string | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff(?::0{1,4})?:(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/.exec(ipv6);
  if (!match) return null;
  if (match[3]) return match[3];
  const hi = parseInt(match[1]!, 16);
  const lo = parseInt(match[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * The ready-url the local project file gives for this instance's project (`flotilla:project`):
 * the one ready-url whose host is trusted. Null for a teammate's project this catalog lacks.
 */
export async function localReadyUrl(projects: Pick<ProjectsLookup, 'getProject'>, instance: Instance): Promise<string | null> {
  const project = tagMap(instance.Tags)[TAG.project];
  if (!project) return null;
  try {
    return (await projects.getProject(project)).readyUrl;
  } catch {
    return null;
  }
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
