import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { digestFileInWorkers, ParallelDigest } from './digest-workers';

/** What identifies a revision's bytes: MD5 (FTL's 2-character check) and SHA-256 (ours). */
export interface Digests {
  md5: Buffer;
  sha256: string;
  size: number;
}

/** Feeds every byte of a stream to MD5 and SHA-256 at once. */
export class DigestTap {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash = createHash('sha256');
  private size = 0;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.size += chunk.byteLength;
  }

  get bytes(): number {
    return this.size;
  }

  digest(): Digests {
    return { md5: this.md5.digest(), sha256: this.sha256.digest('hex'), size: this.size };
  }
}

const READ_SIZE = 4 << 20;
/** From this size on, hashing runs on worker threads (starting them costs a few ms). */
export const PARALLEL_FROM_BYTES = 8 << 20;

/** A file's digests, on two worker threads for a big file, else reading it once here. */
export async function digestFile(path: string, options: { signal?: AbortSignal; onBytes?(bytes: number): void } = {}): Promise<Digests> {
  if ((await stat(path)).size >= PARALLEL_FROM_BYTES) return digestFileInWorkers(path, options);
  const tap = new DigestTap();
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      tap.update(buffer.subarray(0, bytesRead));
      options.onBytes?.(tap.bytes);
    }
  } finally {
    await handle.close();
  }
  return tap.digest();
}

/** Digests of streamed bytes: `update` may answer a promise to wait on before sending more. */
export interface StreamDigest {
  update(chunk: Uint8Array): Promise<void> | undefined;
  digest(): Promise<Digests>;
  destroy(): void;
}

export function streamDigest(expectedBytes: number): StreamDigest {
  if (expectedBytes >= PARALLEL_FROM_BYTES) return new ParallelDigest();
  const tap = new DigestTap();
  return { update: (chunk) => void tap.update(chunk), digest: async () => tap.digest(), destroy: () => undefined };
}
