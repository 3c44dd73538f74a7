import { S3ServiceException } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FlotillaError } from '../../contract/errors';
import { downloadRevision } from './download';
import { packagePaths } from './local-layout';
import { testS3Client } from '../../../test/support/s3rver';
import { recordCommands, silentLogger, stallingProxy, startFixture, type Fixture } from './revisions.test-helpers';

const MiB = 1 << 20;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Changes the answer to the ranged GetObject of `range` (as asked, e.g. 'bytes=1048576-2097151'). */
function alterRange(fx: Fixture, range: string, alter: (output: { Body: Readable; ContentRange?: string }) => void | Promise<void>): () => void {
  const name = `alter${Math.random()}`;
  fx.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'GetObjectCommand' && (args.input as { Range?: string }).Range === range) await alter(result.output as never);
      return result;
    },
    { step: 'initialize', name },
  );
  return () => fx.s3.middlewareStack.remove(name);
}

async function* withExtra(body: Readable, extra: Buffer) {
  for await (const chunk of body) yield chunk as Buffer;
  yield extra;
}

describe.skipIf(process.platform === 'win32')('a plain revision fetched in parallel ranges (against s3rver)', () => {
  let fx: Fixture;
  let bytes: Buffer;
  let name: string;
  beforeAll(async () => {
    fx = await startFixture();
    bytes = randomBytes(5 * MiB + 123); // 6 ranges of 1 MiB, the last one short
    name = await fx.putRevision('plain', bytes, 'bin', '2026112200001');
  });
  afterAll(() => fx.close());

  const rev = () => name.split('.')[1]!;
  const fetch = (extra: { signal?: AbortSignal; onBytes?(bytes: number, total: number): void } = {}) =>
    downloadRevision(
      { s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger },
      { pkg: 'plain', rev: rev(), key: `${name}.bin`, paths: packagePaths(fx.root, 'plain'), ranges: { rangeBytes: MiB, rangesInFlight: 3 }, ...extra },
    );
  const kept = async () => [...(await readdir(join(fx.root, 'plain', 'revs')).catch(() => [] as string[])), ...(await readdir(join(fx.root, 'plain', '.tmp')).catch(() => [] as string[]))];
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as FlotillaError);

  afterEach(async () => {
    const { rm } = await import('node:fs/promises');
    await rm(join(fx.root, 'plain'), { recursive: true, force: true });
  });

  test('writes every range at its place, hashes the file in order, and asks the later ranges If-Match the first ETag', async () => {
    const recorder = recordCommands(fx.s3);
    const progress: number[] = [];
    let digests;
    try {
      ({ digests } = await fetch({ onBytes: (n) => progress.push(n) }));
    } finally {
      recorder.stop();
    }
    const stored = await readFile(join(fx.root, 'plain', 'revs', rev(), 'plain.bin'));
    expect(sha(stored)).toBe(sha(bytes));
    expect(digests).toEqual({ md5: createHash('md5').update(bytes).digest(), sha256: sha(bytes), size: bytes.length });
    expect(progress.at(-1)).toBe(bytes.length);
    const gets = recorder.sent.filter((c) => c.command === 'GetObjectCommand');
    const etag = gets[0]!.output?.ETag;
    expect(gets[0]!.input).toEqual({ Bucket: fx.server.bucket, Key: `${name}.bin`, Range: `bytes=0-${MiB - 1}` });
    const later = gets.slice(1).map((g) => g.input);
    expect(later.map((i) => i.IfMatch)).toEqual(Array(5).fill(etag));
    expect(later.map((i) => i.Range).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `bytes=${i * MiB}-${Math.min((i + 1) * MiB, bytes.length) - 1}`).sort());
    expect(await kept()).toEqual([rev()]);
  });

  test('keeps the given number of ranges in flight, from the request to the end of its body', async () => {
    let open = 0;
    let most = 0;
    const name2 = `inflight${Math.random()}`;
    fx.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'GetObjectCommand') return next(args);
        most = Math.max(most, ++open);
        const result = await next(args).catch((error: unknown) => (open--, Promise.reject(error)));
        (result.output as { Body: Readable }).Body.once('close', () => open--);
        return result;
      },
      { step: 'initialize', name: name2 },
    );
    try {
      expect((await fetch()).digests.sha256).toBe(sha(bytes));
    } finally {
      fx.s3.middlewareStack.remove(name2);
    }
    expect(most).toBe(3);
  });

  test('fetches an empty file (S3 has no range of it)', async () => {
    const empty = await fx.putRevision('plain', Buffer.alloc(0), 'txt', '2026112200002');
    const { digests } = await downloadRevision(
      { s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger },
      { pkg: 'plain', rev: empty.split('.')[1]!, key: `${empty}.txt`, paths: packagePaths(fx.root, 'plain'), ranges: { rangeBytes: MiB } },
    );
    expect(digests).toMatchObject({ size: 0, sha256: sha(Buffer.alloc(0)) });
    expect((await readFile(join(fx.root, 'plain', 'revs', empty.split('.')[1]!, 'plain.txt'))).length).toBe(0);
  });

  test('reads the whole object in one stream from a bucket that ignores the range', async () => {
    const name2 = `ignore${Math.random()}`;
    fx.s3.middlewareStack.add(
      (next) => async (args) => {
        delete (args.input as { Range?: string }).Range;
        return next(args);
      },
      { step: 'initialize', name: name2 },
    );
    const recorder = recordCommands(fx.s3);
    try {
      expect((await fetch()).digests.sha256).toBe(sha(bytes));
    } finally {
      recorder.stop();
      fx.s3.middlewareStack.remove(name2);
    }
    expect(recorder.sent.filter((c) => c.command === 'GetObjectCommand')).toHaveLength(1);
  });

  test.each([
    ['more bytes than asked in a range', (o: { Body: Readable }) => void (o.Body = Readable.from(withExtra(o.Body, Buffer.from('extra')))), /more than the 1048576 bytes asked for arrived in bytes 2097152-3145727/],
    ['another range than asked', (o: { Body: Readable; ContentRange?: string }) => void (o.ContentRange = `bytes 0-${MiB - 1}/${5 * MiB + 123}`), /answered 'bytes 0-1048575\/5243003' when asked for bytes 2097152-3145727/],
  ])('refuses %s, stops the other ranges and keeps nothing', async (_what, alter, message) => {
    const restore = alterRange(fx, `bytes=${2 * MiB}-${3 * MiB - 1}`, alter);
    const error = await refusal(fetch()).finally(restore);
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error!.message).toMatch(message);
    expect(await kept()).toEqual([]);
  });

  test('refuses a range whose bytes were changed on the way: the SHA-256 does not match', async () => {
    const flipped = async function* (body: Readable) {
      for await (const chunk of body) yield Buffer.from((chunk as Buffer).map((b) => b ^ 1));
    };
    const restore = alterRange(fx, `bytes=${4 * MiB}-${5 * MiB - 1}`, (o) => void (o.Body = Readable.from(flipped(o.Body))));
    const error = await refusal(fetch()).finally(restore);
    expect(error!.message).toMatch(/^Refused plain\.\w+: its SHA-256 is [0-9a-f]{64} but the object's metadata says/);
    expect(await kept()).toEqual([]);
  });

  test('gives up when the object changed between ranges (If-Match answered 412)', async () => {
    const name2 = `changed${Math.random()}`;
    fx.s3.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as { IfMatch?: string }).IfMatch) {
          throw new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });
        }
        return next(args);
      },
      { step: 'initialize', name: name2 },
    );
    const error = await refusal(fetch()).finally(() => fx.s3.middlewareStack.remove(name2));
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('PreconditionFailed') });
    expect(await kept()).toEqual([]);
  });

  test('reports a connection cut during a range, and keeps nothing', async () => {
    const proxy = await stallingProxy(fx.server.endpoint, 2 * MiB + 100, 'cut');
    const s3 = testS3Client(proxy.endpoint);
    try {
      const error = await refusal(
        downloadRevision(
          { s3, bucket: fx.server.bucket, logger: silentLogger },
          { pkg: 'plain', rev: rev(), key: `${name}.bin`, paths: packagePaths(fx.root, 'plain'), ranges: { rangeBytes: MiB, rangesInFlight: 1 } },
        ),
      );
      expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining(`download ${name}.bin`) });
      expect(await kept()).toEqual([]);
    } finally {
      s3.destroy();
      await proxy.close();
    }
  });

  test('a cancel stops every range and keeps nothing', async () => {
    const controller = new AbortController();
    const error = await refusal(fetch({ signal: controller.signal, onBytes: (n) => n > MiB && controller.abort() }));
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('cancelled') });
    expect(await kept()).toEqual([]);
  });
});
