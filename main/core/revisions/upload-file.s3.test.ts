import { GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectUploadAborted, recordCommands, silentLogger, startFixture, type Fixture } from './revisions.test-helpers';
import { systemClock } from '../shared/clock';
import { isRetryable, uploadFile } from './upload-file';

const MiB = 1 << 20;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Makes the n-th UploadPart request (1-based, counting retries) fail with `error` before it is sent. */
function failPartRequest(fx: Fixture, n: number, error: () => Error): () => void {
  let seen = 0;
  const name = `failPart${n}${Math.random()}`;
  fx.s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UploadPartCommand' && ++seen === n) {
        (args.input as { Body?: { destroy?(): void } }).Body?.destroy?.();
        throw error();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => fx.s3.middlewareStack.remove(name);
}

const serverError = () =>
  new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'We encountered an internal error.' });
const requestTimeout = () =>
  new S3ServiceException({
    name: 'RequestTimeout',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Your socket connection to the server was not read from or written to within the timeout period.',
  });
const denied = () => new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' });

describe('uploadFile: each part streamed from its byte range (against s3rver)', () => {
  let fx: Fixture;
  let file: string;
  let bytes: Buffer;
  beforeAll(async () => {
    fx = await startFixture();
    bytes = randomBytes(17 * MiB + 123); // 4 parts of 5 MiB, the last one short
    file = join(fx.dir, 'upload.bin');
    await writeFile(file, bytes);
  });
  afterAll(() => fx.close());

  const ctx = () => ({ s3: fx.s3, bucket: fx.server.bucket, logger: silentLogger });
  const input = (key: string, extra = {}) => ({
    path: file,
    size: bytes.length,
    key,
    contentType: 'application/octet-stream',
    metadata: { sha256: sha(bytes) },
    partSize: 5 * MiB,
    queueSize: 2,
    clock: systemClock,
    ...extra,
  });
  const stored = async (key: string) => Buffer.from(await (await fx.s3.send(new GetObjectCommand({ Bucket: fx.server.bucket, Key: key }))).Body!.transformToByteArray());

  test('stores the file byte for byte with its metadata, counting progress up to its size', async () => {
    const progress: number[] = [];
    const finishing: number[] = [];
    await uploadFile(ctx(), input('whole', { onBytes: (n: number) => progress.push(n), onFinishing: () => finishing.push(progress.at(-1)!) }));
    // Told once, when every byte was sent and S3 is joining the parts.
    expect(finishing).toEqual([bytes.length]);
    expect(sha(await stored('whole'))).toBe(sha(bytes));
    expect((await fx.s3.send(new HeadObjectCommand({ Bucket: fx.server.bucket, Key: 'whole' }))).Metadata).toEqual({ sha256: sha(bytes) });
    expect(progress.at(-1)).toBe(bytes.length);
    expect(Math.max(...progress)).toBe(bytes.length);
  });

  test.each([
    ['from a fresh stream after a retryable failure', 2, serverError, 'retried'],
    ['after a RequestTimeout', 1, requestTimeout, 'timed-out'],
  ] as const)('sends a part again %s', async (_when, part, failure, key) => {
    const restore = failPartRequest(fx, part, failure);
    try {
      await uploadFile(ctx(), input(key));
    } finally {
      restore();
    }
    expect(sha(await stored(key))).toBe(sha(bytes));
  });

  test('gives up on a refused part, aborts the upload and stores nothing', async () => {
    const restore = failPartRequest(fx, 2, denied);
    const recorder = recordCommands(fx.s3);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    try {
      await expect(uploadFile({ ...ctx(), logger }, input('refused'))).rejects.toMatchObject({ name: 'AccessDenied' });
    } finally {
      restore();
      recorder.stop();
    }
    expectUploadAborted(recorder.sent, fx.server.bucket, 'refused');
    // A refused abort (s3rver refuses every one) is logged with the command that removes the upload by hand.
    const abort = recorder.sent.find((c) => c.command === 'AbortMultipartUploadCommand')!;
    expect(warnings).toEqual(abort.error ? [expect.stringContaining(`aws s3api abort-multipart-upload --bucket ${fx.server.bucket} --key refused --upload-id ${String(abort.input.UploadId)}`)] : []);
    await expect(fx.s3.send(new HeadObjectCommand({ Bucket: fx.server.bucket, Key: 'refused' }))).rejects.toMatchObject({ name: 'NotFound' });
  });

  test('sends 16 parts at once without a MaxListenersExceededWarning on the shared abort signal', async () => {
    const wide = join(fx.dir, 'wide.bin');
    const wideBytes = randomBytes(13 * 5 * MiB); // 13 parts, all in flight at once
    await writeFile(wide, wideBytes);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      await uploadFile(ctx(), { ...input('wide'), path: wide, size: wideBytes.length, metadata: {}, queueSize: 16 });
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(sha(await stored('wide'))).toBe(sha(wideBytes));
  });

  test('puts a file of one part in one request', async () => {
    const small = join(fx.dir, 'small.bin');
    await writeFile(small, 'hello');
    let finishing = 0;
    await uploadFile(ctx(), { ...input('small'), path: small, size: 5, metadata: {}, onFinishing: () => finishing++ });
    expect((await stored('small')).toString()).toBe('hello');
    expect(finishing).toBe(0); // no parts to join
  });
});

describe('isRetryable', () => {
  test('retries the network, timeouts, throttling and server errors, not refusals', () => {
    expect(isRetryable(serverError())).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(denied())).toBe(false);
    expect(isRetryable(new S3ServiceException({ name: 'NoSuchUpload', $fault: 'client', $metadata: { httpStatusCode: 404 } }))).toBe(false);
  });

  test("retries S3's RequestTimeout (HTTP 400: the socket was not read from or written to in time)", () => {
    const timeout = new S3ServiceException({
      name: 'RequestTimeout',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
    });
    expect(isRetryable(timeout)).toBe(true);
    // The parsed error body carries Code too; an error known only by its Code is retried the same way.
    expect(isRetryable({ Code: 'RequestTimeout', $metadata: { httpStatusCode: 400 } })).toBe(true);
  });

  test('does not retry RequestTimeTooSkewed (a wrong clock stays wrong) or any other 400', () => {
    const skewed = new S3ServiceException({
      name: 'RequestTimeTooSkewed',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: "The difference between the request time and the server's time is too large.",
    });
    expect(isRetryable(skewed)).toBe(false);
    // Not even when the SDK marks it retryable (its own retry corrects the clock offset first; ours does not).
    expect(isRetryable(Object.assign(skewed, { $retryable: {} }))).toBe(false);
    expect(isRetryable({ name: 'RequestTimeTooSkewed', message: 'request timeout: clock skew' })).toBe(false);
    expect(isRetryable(new S3ServiceException({ name: 'InvalidArgument', $fault: 'client', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryable(new S3ServiceException({ name: 'BadDigest', $fault: 'client', $metadata: { httpStatusCode: 400 } }))).toBe(false);
  });

});
