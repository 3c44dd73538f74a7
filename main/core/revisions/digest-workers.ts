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
  // This worker reads it into the ring's slots and hashes each; the follower hashes the same slots.
  const written = new BigInt64Array(workerData.tail);
  const { slots, slotBytes } = workerData;
  const ring = Buffer.from(workerData.slotRing);
  const control = new Int32Array(workerData.control); // [0] slots filled, [1] slots the follower is done with, [2 + i] slot i's length
  const fd = fs.openSync(workerData.tailPath, 'r');
  let size = 0, filled = 0;
  // A slot is reused only once the follower is done with it.
  const freeSlot = () => {
    for (let done; filled - (done = Atomics.load(control, 1)) >= slots; ) Atomics.wait(control, 1, done, 1000);
    return ring.subarray((filled % slots) * slotBytes, (filled % slots + 1) * slotBytes);
  };
  const publish = (length) => {
    Atomics.store(control, 2 + (filled % slots), length);
    Atomics.store(control, 0, ++filled);
    Atomics.notify(control, 0);
  };
  for (;;) {
    const ready = Number(Atomics.load(written, 0));
    if (size < ready) {
      const slot = freeSlot();
      const n = fs.readSync(fd, slot, 0, Math.min(slotBytes, ready - size), size);
      if (n === 0) throw new Error('the file is shorter than the bytes written to it');
      publish(n);
      hash.update(slot.subarray(0, n));
      size += n;
    } else if (Atomics.load(written, 1) === 1n && size >= Number(Atomics.load(written, 0))) {
      break;
    } else {
      Atomics.wait(written, 0, BigInt(size), 1000);
    }
  }
  fs.closeSync(fd);
  freeSlot();
  publish(0); // the end
  parentPort.postMessage({ digest: hash.digest('hex'), size });
} else if (workerData.follow) {
  // Hashes every slot the reader fills, in order, until the empty one that ends them.
  const { slots, slotBytes } = workerData;
  const ring = Buffer.from(workerData.slotRing);
  const control = new Int32Array(workerData.control);
  let size = 0, done = 0;
  for (;;) {
    const filled = Atomics.load(control, 0);
    if (done === filled) {
      Atomics.wait(control, 0, filled, 1000);
      continue;
    }
    const n = Atomics.load(control, 2 + (done % slots));
    if (n === 0) break;
    hash.update(ring.subarray((done % slots) * slotBytes, (done % slots) * slotBytes + n));
    size += n;
    Atomics.store(control, 1, ++done);
    Atomics.notify(control, 1);
  }
  parentPort.postMessage({ digest: hash.digest('hex'), size });
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

type Message = { progress?: number; digest?: string; size?: number; acked?: number };

type Source =
  | { path: string }
  | { ring: SharedArrayBuffer }
  | ({ tail: SharedArrayBuffer; tailPath: string } & TailSlots)
  | ({ follow: true } & TailSlots);

/** The ring the tail reader fills for its follower, and its control words. */
interface TailSlots {
  slotRing: SharedArrayBuffer;
  control: SharedArrayBuffer;
  slots: number;
  slotBytes: number;
}

function startWorker(algorithm: 'md5' | 'sha256', source: Source): Worker {
  return new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithm, ...source } });
}

function digestOf(worker: Worker, onMessage?: (m: Message) => void): Promise<{ digest: string; size?: number }> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m: Message) => {
      onMessage?.(m);
      if (m.digest !== undefined) resolve({ digest: m.digest, size: m.size });
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

/** The slots the tail reader fills for the follower: 4 × 2 MiB, a few reads ahead of the slower hash. */
const TAIL_SLOTS = 4;
const TAIL_SLOT_BYTES = 2 << 20;

/**
 * The digests of a file being written in order of position by someone else (a download): a worker
 * reads it back from the page cache from the start as far as `written(bytes)` says it is complete
 * (waiting on a shared counter for more) and hashes SHA-256; a second worker hashes MD5 from the
 * same shared slots at the same time. So the file is read once, nothing is posted per byte, and
 * the two hashes run in parallel: once the last byte is written, what is left to hash takes the
 * time of the slower one (MD5, about 2x SHA-256 here), not of both in a row.
 */
export class FileTailDigest {
  private readonly shared = new SharedArrayBuffer(16);
  private readonly state = new BigInt64Array(this.shared);
  private readonly workers: readonly Worker[];
  private readonly results: Array<Promise<{ digest: string; size?: number }>>;

  /** `path` must exist already (the reader opens it as it starts). */
  constructor(path: string) {
    const slots: TailSlots = {
      slotRing: new SharedArrayBuffer(TAIL_SLOTS * TAIL_SLOT_BYTES),
      control: new SharedArrayBuffer(4 * (2 + TAIL_SLOTS)),
      slots: TAIL_SLOTS,
      slotBytes: TAIL_SLOT_BYTES,
    };
    this.workers = [startWorker('sha256', { tail: this.shared, tailPath: path, ...slots }), startWorker('md5', { follow: true, ...slots })];
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
      const [sha256, md5] = await Promise.all(this.results);
      if (sha256!.size !== md5!.size) throw new Error(`the hash workers saw ${sha256!.size} and ${md5!.size} bytes of the same file`);
      return { md5: Buffer.from(md5!.digest, 'hex'), sha256: sha256!.digest, size: sha256!.size ?? 0 };
    } finally {
      this.destroy();
    }
  }

  destroy(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}
