import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Digests } from './digests';

/**
 * MD5 and SHA-256 on two worker threads, so big revisions hash in parallel with each other and
 * with the download, unpacking and writing on the main thread. The worker is inline source
 * (CommonJS, Node built-ins only), so it works the same from sources, tests and bundles.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hash = createHash(workerData.algorithm);
if (workerData.tail) {
  // The file as it is written: [0] bytes written from its start on, [1] 1 once nothing more comes.
  const written = new BigInt64Array(workerData.tail);
  const fd = fs.openSync(workerData.tailPath, 'r');
  const other = workerData.also ? createHash(workerData.also) : null;
  const buffer = Buffer.allocUnsafe(4 << 20);
  let size = 0, reported = 0;
  for (;;) {
    const ready = Number(Atomics.load(written, 0));
    if (size < ready) {
      const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, ready - size), size);
      if (n === 0) throw new Error('the file is shorter than the bytes written to it');
      hash.update(buffer.subarray(0, n));
      if (other) other.update(buffer.subarray(0, n));
      size += n;
      if (size - reported >= 8 << 20) { parentPort.postMessage({ progress: size }); reported = size; }
    } else if (Atomics.load(written, 1) === 1n && size >= Number(Atomics.load(written, 0))) {
      break;
    } else {
      Atomics.wait(written, 0, BigInt(size), 1000);
    }
  }
  fs.closeSync(fd);
  parentPort.postMessage({ digest: hash.digest('hex'), size, other: other && other.digest('hex') });
} else if (workerData.path) {
  const fd = fs.openSync(workerData.path, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  let size = 0, reported = 0, n;
  while ((n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) {
    hash.update(buffer.subarray(0, n));
    size += n;
    if (size - reported >= 8 << 20) { parentPort.postMessage({ progress: size }); reported = size; }
  }
  fs.closeSync(fd);
  parentPort.postMessage({ digest: hash.digest('hex'), size });
} else {
  const ring = Buffer.from(workerData.ring);
  let unacked = 0;
  parentPort.on('message', (m) => {
    if (m === null) return parentPort.postMessage({ digest: hash.digest('hex'), acked: unacked });
    hash.update(ring.subarray(m[0], m[0] + m[1]));
    unacked += m[1];
    if (unacked >= 1 << 20) { parentPort.postMessage({ acked: unacked }); unacked = 0; }
  });
}`;

type Message = { progress?: number; digest?: string; size?: number; acked?: number; other?: string };

function startWorker(algorithm: 'md5' | 'sha256', source: { path?: string; ring?: SharedArrayBuffer; tail?: SharedArrayBuffer; tailPath?: string; also?: 'sha256' }): Worker {
  return new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithm, ...source } });
}

function digestOf(worker: Worker, onMessage?: (m: Message) => void): Promise<{ digest: string; size?: number; other?: string }> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m: Message) => {
      onMessage?.(m);
      if (m.digest !== undefined) resolve({ digest: m.digest, size: m.size, other: m.other });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`hash worker exited ${code} before finishing`)));
  });
}

/** Hashes a file with one worker per algorithm, each reading it on its own. */
export async function digestFileInWorkers(path: string, options: { signal?: AbortSignal; onBytes?(bytes: number): void } = {}): Promise<Digests> {
  const workers = [startWorker('md5', { path }), startWorker('sha256', { path })] as const;
  const stop = () => void Promise.all(workers.map((w) => w.terminate()));
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const [md5, sha256] = await Promise.all([digestOf(workers[0], (m) => m.progress !== undefined && options.onBytes?.(m.progress)), digestOf(workers[1])]);
    options.signal?.throwIfAborted();
    options.onBytes?.(md5.size ?? 0);
    return { md5: Buffer.from(md5.digest, 'hex'), sha256: sha256.digest, size: md5.size ?? 0 };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}

/** The ring both workers read from: bytes are copied in once, and memory never grows past it. */
const RING_BYTES = 8 << 20;
/** Workers are told about new bytes in batches this big (a message per 64 KiB chunk costs more than hashing it). */
const POST_EVERY = 512 << 10;

/**
 * Streamed bytes hashed on two workers. Each chunk is copied into a shared ring buffer and the
 * workers are told where it is; when the ring is full (a worker is behind) `update` answers a
 * promise to wait on. No per-chunk allocation, so memory stays flat whatever the size.
 */
export class ParallelDigest {
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly view = new Uint8Array(this.ring);
  private readonly workers = [startWorker('md5', { ring: this.ring }), startWorker('sha256', { ring: this.ring })] as const;
  private readonly acked = [0, 0];
  private readonly results: Array<Promise<{ digest: string }>>;
  private waiting: Array<() => void> = [];
  private head = 0;
  private posted = 0;
  private failed = false;

  constructor() {
    this.results = this.workers.map((worker, i) =>
      digestOf(worker, (m) => {
        if (m.acked) this.acked[i]! += m.acked;
        this.release();
      }),
    );
    for (const result of this.results) result.catch(() => ((this.failed = true), this.release()));
  }

  update(chunk: Uint8Array): Promise<void> | undefined {
    const written = this.write(chunk, 0);
    return written === chunk.byteLength ? undefined : this.writeRest(chunk, written);
  }

  async digest(): Promise<Digests> {
    this.post();
    for (const worker of this.workers) worker.postMessage(null);
    const [md5, sha256] = await Promise.all(this.results);
    this.destroy();
    return { md5: Buffer.from(md5!.digest, 'hex'), sha256: sha256!.digest, size: this.head };
  }

  destroy(): void {
    this.failed = true;
    for (const worker of this.workers) void worker.terminate();
    this.release();
  }

  private async writeRest(chunk: Uint8Array, from: number): Promise<void> {
    while (from < chunk.byteLength) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.failed) return;
      from = this.write(chunk, from);
    }
  }

  /** Copies as much of chunk[from..] as fits, in up to two pieces; answers the new position. */
  private write(chunk: Uint8Array, from: number): number {
    while (from < chunk.byteLength) {
      const free = RING_BYTES - (this.head - Math.min(this.acked[0]!, this.acked[1]!));
      const at = this.head % RING_BYTES;
      const n = Math.min(chunk.byteLength - from, free, RING_BYTES - at);
      if (n <= 0) break;
      this.view.set(chunk.subarray(from, from + n), at);
      this.head += n;
      from += n;
      if (this.head % RING_BYTES === 0 || this.head - this.posted >= POST_EVERY) this.post();
    }
    if (from < chunk.byteLength) this.post(); // about to wait: the workers must have everything
    return from;
  }

  /** Tells the workers about the bytes copied since the last message (never across the wrap). */
  private post(): void {
    if (this.head === this.posted) return;
    const at = this.posted % RING_BYTES;
    for (const worker of this.workers) worker.postMessage([at, this.head - this.posted]);
    this.posted = this.head;
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * The digests of a file being written in order of position by someone else (a download): two
 * workers read and hash it from the start as far as `written(bytes)` says it is complete,
 * waiting on a shared counter for more. The bytes are not copied or posted: the workers read
 * them back from the page cache, so the writer only tells how far it got.
 */
export class FileTailDigest {
  private readonly shared = new SharedArrayBuffer(16);
  private readonly state = new BigInt64Array(this.shared);
  private readonly workers: readonly Worker[];
  private readonly results: Array<Promise<{ digest: string; size?: number; other?: string }>>;

  /**
   * `path` must exist already (the workers open it as they start). On two cores or fewer a second
   * reader of the file would only compete for them: one worker reads it once for both hashes.
   * With more, each hash has its own worker (MD5 is the slower, about 2x).
   */
  constructor(path: string, workers: 1 | 2 = availableParallelism() <= 2 ? 1 : 2) {
    this.workers =
      workers === 1
        ? [startWorker('md5', { tail: this.shared, tailPath: path, also: 'sha256' })]
        : [startWorker('md5', { tail: this.shared, tailPath: path }), startWorker('sha256', { tail: this.shared, tailPath: path })];
    this.results = this.workers.map((worker) => digestOf(worker));
    for (const result of this.results) result.catch(() => undefined);
  }

  /** Every byte before `bytes` is written. */
  written(bytes: number): void {
    Atomics.store(this.state, 0, BigInt(bytes));
    Atomics.notify(this.state, 0);
  }

  /** Once every byte is written: the digests of the first `bytes`. */
  async digest(bytes: number): Promise<Digests> {
    this.written(bytes);
    Atomics.store(this.state, 1, 1n);
    Atomics.notify(this.state, 0);
    try {
      const [md5, sha256] = await Promise.all(this.results);
      return { md5: Buffer.from(md5!.digest, 'hex'), sha256: sha256?.digest ?? md5!.other!, size: md5!.size ?? 0 };
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}
