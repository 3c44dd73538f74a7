import { createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import { DigestTap, type Digests } from './digests';
import { byCodeUnits } from './rev-name';
import { emptyFolder } from './spoolable';

/**
 * Packs a folder's contents (not the folder itself) into a gzipped tar file, streaming: memory
 * stays bounded whatever the folder's size. Symlinks are stored as symlinks; owners are not kept.
 * Answers the archive's digests, taken from the bytes as they are written (gzip is far slower
 * than MD5 and SHA-256, so this costs little and saves reading the archive again to name it).
 */
export async function packFolder(
  dir: string,
  outFile: string,
  options: { signal?: AbortSignal; onBytes?(bytes: number): void; gzipLevel?: number } = {},
): Promise<Digests> {
  const entries = (await readdir(dir)).sort(byCodeUnits);
  if (entries.length === 0) {
    throw emptyFolder(dir);
  }
  const tap = new DigestTap();
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      tap.update(chunk);
      options.onBytes?.(tap.bytes);
      done(null, chunk);
    },
  });
  const pack = create({ cwd: dir, gzip: { level: options.gzipLevel ?? 6 }, portable: true }, entries);
  await pipeline(pack, count, createWriteStream(outFile), { signal: options.signal });
  return tap.digest();
}
