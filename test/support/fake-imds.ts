/**
 * An instance metadata service (IMDS) on 127.0.0.1 answering as EC2's does for an instance
 * launched with HttpTokens=required and InstanceMetadataTags=enabled (as run-params.ts launches):
 *
 * - a session token only for `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds`
 *   between 1 and 21600 (400 otherwise, 405 for another method, 403 with X-Forwarded-For), and
 *   every metadata request without a valid `X-aws-ec2-metadata-token` is 401
 *   (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-v2-how-it-works.html);
 * - a tag's value at exactly `/latest/meta-data/tags/instance/<key>`, 404 for a key it does not
 *   have or with tags in metadata off
 *   (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/work-with-tags-in-IMDS.html);
 * - any other `/latest/meta-data/<path>` from `metadata` (instance-id, instance-life-cycle,
 *   placement/region, spot/instance-action, ...), 404 for a path it does not have.
 *
 * `curlTo(realCurl)` is a `curl` for PATH that sends 169.254.169.254 here, URL and headers unchanged.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

export interface ImdsRequest {
  method: string;
  host: string;
  path: string;
  ttl?: string;
  token?: string;
}

export interface FakeImds {
  /** The instance's tags, as IMDS exposes them. */
  tags: Map<string, string>;
  /** false: the instance was launched with InstanceMetadataTags=disabled. */
  tagsInMetadata: boolean;
  /** Other metadata by path under /latest/meta-data/ (`spot/instance-action`, ...). */
  metadata: Map<string, string>;
  /** Every request, in order. */
  requests: ImdsRequest[];
  /** Tokens handed out. */
  tokens: Set<string>;
  /** A POSIX sh `curl` that runs `realCurl` with 169.254.169.254:80 connected to this server. */
  curlTo(realCurl: string): string;
  close(): Promise<void>;
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

export async function startFakeImds(): Promise<FakeImds> {
  const imds: Omit<FakeImds, 'curlTo' | 'close'> = { tags: new Map(), tagsInMetadata: true, metadata: new Map(), requests: [], tokens: new Set() };
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const seen: ImdsRequest = { method: req.method ?? '', host: header(req, 'host') ?? '', path };
    const ttl = header(req, 'x-aws-ec2-metadata-token-ttl-seconds');
    const token = header(req, 'x-aws-ec2-metadata-token');
    if (ttl !== undefined) seen.ttl = ttl;
    if (token !== undefined) seen.token = token;
    imds.requests.push(seen);
    const answer = (status: number, body = '') => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    if (seen.host !== '169.254.169.254') return answer(400);
    if (path === '/latest/api/token') {
      if (req.method !== 'PUT') return answer(405);
      if (header(req, 'x-forwarded-for') !== undefined) return answer(403);
      if (!/^\d+$/.test(ttl ?? '') || Number(ttl) < 1 || Number(ttl) > 21600) return answer(400);
      const issued = randomBytes(24).toString('base64');
      imds.tokens.add(issued);
      return answer(200, issued);
    }
    if (req.method !== 'GET') return answer(405);
    if (!token || !imds.tokens.has(token)) return answer(401);
    const prefix = '/latest/meta-data/tags/instance/';
    const value = path.startsWith(prefix)
      ? imds.tagsInMetadata ? imds.tags.get(decodeURIComponent(path.slice(prefix.length))) : undefined
      : path.startsWith('/latest/meta-data/') ? imds.metadata.get(path.slice('/latest/meta-data/'.length)) : undefined;
    return value === undefined ? answer(404) : answer(200, value);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(imds, {
    curlTo: (realCurl: string) => `#!/bin/sh\nexec '${realCurl}' --connect-to 169.254.169.254:80:127.0.0.1:${port} "$@"\n`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
