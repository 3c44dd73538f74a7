/** Helpers shared by this folder's tests (imported only by *.test.ts files). */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { startS3rver, testS3Client, type S3rverHandle } from '../../../test/support/s3rver';
import type { Logger } from '../ports';
import { hashPrefix } from './rev-name';
import { createRevisionsService, type RevisionsServiceOptions } from './service';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TarEntrySpec {
  path: string;
  /**
   * '0' file, '1' hard link, '2' symlink, '3' char device, '4' block device, '5' directory, '6' FIFO,
   * '7' contiguous file; with a body: 'x' pax header for the next entry, 'g' global pax header,
   * 'L' GNU long path of the next entry, 'K' GNU long link target, 'S' GNU sparse file.
   */
  type?: '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | 'x' | 'g' | 'L' | 'K' | 'S';
  body?: string | Buffer;
  linkpath?: string;
  mode?: number;
}

function field(header: Buffer, offset: number, width: number, value: string): void {
  header.write(value, offset, width, 'utf8');
}

function octal(header: Buffer, offset: number, width: number, value: number): void {
  field(header, offset, width, value.toString(8).padStart(width - 1, '0') + '\0');
}

/** A ustar archive written byte by byte, so any entry (devices, `..`, absolute paths) can be made. */
export function tarBytes(entries: TarEntrySpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? '0';
    const body = '07xgLKS'.includes(type) ? Buffer.from(entry.body ?? '') : Buffer.alloc(0);
    const header = Buffer.alloc(512);
    field(header, 0, 100, entry.path);
    octal(header, 100, 8, entry.mode ?? (type === '5' ? 0o755 : 0o644));
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, body.length);
    octal(header, 136, 12, 1_700_000_000);
    field(header, 148, 8, '        ');
    field(header, 156, 1, type);
    field(header, 157, 100, entry.linkpath ?? '');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    octal(header, 329, 8, type === '3' || type === '4' ? 1 : 0);
    octal(header, 337, 8, type === '3' || type === '4' ? 3 : 0);
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const tgzBytes = (entries: TarEntrySpec[]) => gzipSync(tarBytes(entries));

/** `buffer` in chunks of `size` bytes, as a download delivers it. */
export function chunked(buffer: Buffer, size = 64 << 10): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) parts.push(buffer.subarray(at, at + size));
  return Readable.from(parts);
}

/** The body of a pax header ('x' or 'g') setting these keys. */
export function paxBody(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const text = ` ${key}=${value}\n`;
      let length = text.length + 1;
      while (String(length).length + text.length !== length) length++;
      return `${length}${text}`;
    })
    .join('');
}

/** A rev for these bytes at this time, as spool would name it. */
export function revFor(body: Buffer, stamp = '2026112200007'): string {
  return stamp + hashPrefix(createHash('md5').update(body).digest());
}

export interface Fixture {
  server: S3rverHandle;
  s3: S3Client;
  dir: string;
  root: string;
  service(extra?: Partial<RevisionsServiceOptions>): ReturnType<typeof createRevisionsService>;
  /** Puts a revision object straight into the bucket, with the sha256 metadata spool writes. */
  putRevision(pkg: string, body: Buffer, rest: string, stamp?: string, sha256?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const server = await startS3rver();
  const s3 = testS3Client(server.endpoint);
  // Its real path: on macOS the temp folder is under /var, a symlink to /private/var, and a hook's
  // $(pwd) answers the real one.
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'flotilla-revisions-')));
  const root = join(dir, 'root');
  await mkdir(root);
  return {
    server,
    s3,
    dir,
    root,
    service: (extra = {}) => createRevisionsService({ s3, bucket: server.bucket, logger: silentLogger, root, lockWaitMs: 5000, hookTimeoutMs: 5000, ...extra }),
    putRevision: async (pkg, body, rest, stamp, sha256) => {
      const rev = revFor(body, stamp);
      await s3.send(
        new PutObjectCommand({
          Bucket: server.bucket,
          Key: `${pkg}.${rev}.${rest}`,
          Body: body,
          Metadata: { sha256: sha256 ?? createHash('sha256').update(body).digest('hex') },
        }),
      );
      return `${pkg}.${rev}`;
    },
    close: async () => {
      s3.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/**
 * A TCP relay to s3rver that, once a response has passed `after` bytes (only a revision download
 * is that big), either stops relaying ('stall': the client waits forever) or cuts the connection.
 */
export async function stallingProxy(target: string, after: number, mode: 'stall' | 'cut', onTrip: () => void = () => undefined): Promise<{ endpoint: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let relayed = 0;
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      relayed += chunk.length;
      if (relayed <= after) return void client.write(chunk);
      onTrip();
      if (mode === 'stall') upstream.pause();
      else (client.destroy(), upstream.destroy());
    });
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('end', () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * The bucket as the real FTL (github.com/rhettg/ftl, Go, goamz) sees it. goamz's
 * `bucket.List(prefix, delim, marker, max)` is one ListObjects (v1) request; FTL reads one page of
 * at most 1000 entries and takes every CommonPrefix, minus its trailing delimiter, as a name:
 * - `ftlListRevisions(P)`: ftl/remote.go:42-56 (ListRevisions: prefix `P.`, delimiter '.'), what
 *   `ftl list --master P` prints (main.go:271-291) and what `ftl sync` fetches (main.go:121-138,
 *   195-225: every listed revision from previous on that is not in FTL_ROOT/P/revs/).
 * - `ftlListPackages()`: ftl/remote.go:58-69 (ListPackages: prefix '', delimiter '.'), what
 *   `ftl list --master` prints (main.go:299-308).
 */
export async function ftlListRevisions(s3: S3Client, bucket: string, pkg: string): Promise<string[]> {
  return ftlCommonPrefixes(s3, bucket, `${pkg}.`);
}

export async function ftlListPackages(s3: S3Client, bucket: string): Promise<string[]> {
  return ftlCommonPrefixes(s3, bucket, '');
}

async function ftlCommonPrefixes(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Delimiter: '.', MaxKeys: 1000 }));
  return (page.CommonPrefixes ?? []).map((p) => p.Prefix!.slice(0, -1));
}

/** One command a client sent, as the SDK built it, and how it ended. */
export interface SentCommand {
  command: string;
  input: Record<string, unknown>;
  /** The HTTP request it became. */
  method?: string;
  path?: string;
  query?: Record<string, unknown>;
  output?: Record<string, unknown>;
  /** The error's name when it failed. */
  error?: string;
  /** Order of events across all commands: when it was sent, when it was answered (or failed). */
  sentAt: number;
  settledAt?: number;
}

/**
 * Records every command `s3` sends from now until `stop()`: the SDK's own command and input, the
 * HTTP request it was serialized into, and its answer. Middleware on the real client, so what is
 * recorded is what went to the server.
 */
export function recordCommands(s3: S3Client): { sent: SentCommand[]; stop(): void } {
  const sent: SentCommand[] = [];
  let clock = 0;
  const id = Math.random().toString(36).slice(2);
  const current = new WeakMap<object, SentCommand>();
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const record: SentCommand = { command: context.commandName ?? '?', input: { ...(args.input as Record<string, unknown>) }, sentAt: ++clock };
      sent.push(record);
      current.set(context, record);
      try {
        const result = await next(args);
        record.output = result.output as unknown as Record<string, unknown>;
        return result;
      } catch (error) {
        record.error = (error as Error).name;
        throw error;
      } finally {
        record.settledAt = ++clock;
      }
    },
    { step: 'initialize', name: `record-${id}`, priority: 'high' },
  );
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { method?: string; path?: string; query?: Record<string, unknown> };
      const record = current.get(context);
      if (record) Object.assign(record, { method: request.method, path: request.path, query: { ...request.query } });
      return next(args);
    },
    { step: 'build', name: `record-request-${id}` },
  );
  return {
    sent,
    stop: () => {
      s3.middlewareStack.remove(`record-${id}`);
      s3.middlewareStack.remove(`record-request-${id}`);
    },
  };
}

/**
 * Asserts that the multipart upload of `key` was aborted: created once, never completed, and an
 * AbortMultipartUpload (DELETE /<bucket>/<key>?uploadId=<id>, as
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html documents it) sent for its
 * UploadId after every part request had ended, so no part can land after the abort.
 *
 * Whether S3 then holds no upload is not asked of the server: s3rver 3.7.1 answers
 * ListMultipartUploads (GET ?uploads) with NotImplemented and AbortMultipartUpload with
 * MethodNotAllowed (node_modules/s3rver/lib/routes.js), so the sent abort is what is checked.
 */
export function expectUploadAborted(sent: SentCommand[], bucket: string, key: string): void {
  const mine = sent.filter((c) => c.input.Key === key);
  const created = mine.filter((c) => c.command === 'CreateMultipartUploadCommand');
  expect(created, `one multipart upload of ${key}`).toHaveLength(1);
  const uploadId = created[0]!.output?.UploadId;
  expect(uploadId).toEqual(expect.any(String));
  expect(mine.filter((c) => c.command === 'CompleteMultipartUploadCommand')).toEqual([]);
  const aborts = mine.filter((c) => c.command === 'AbortMultipartUploadCommand');
  expect(aborts.map((c) => ({ input: c.input, method: c.method, path: c.path, uploadId: c.query?.uploadId }))).toEqual([
    { input: { Bucket: bucket, Key: key, UploadId: uploadId }, method: 'DELETE', path: `/${bucket}/${key}`, uploadId },
  ]);
  const parts = mine.filter((c) => c.command === 'UploadPartCommand');
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) expect(part.settledAt, `part ${String(part.input.PartNumber)} ended before the abort`).toBeLessThan(aborts[0]!.sentAt);
}
