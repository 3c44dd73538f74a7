import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Once an answer starts, it must be written within this time, else its connection is cut: no other
 * timeout applies while an answer is written, and an inactivity timer would let a client that
 * reads a trickle hold the connection (and the file) for ever. Flotilla's largest file takes
 * milliseconds over loopback.
 */
const ANSWER_MS = 30_000;

/** Cuts the answer's connection if it is not fully written within ANSWER_MS of this call. */
export function limitAnswerTime(res: ServerResponse): void {
  const cut = setTimeout(() => res.destroy(), ANSWER_MS);
  cut.unref();
  res.once('close', () => clearTimeout(cut));
}

/** Serves a file of `root` for a URL path; never anything outside it. Answers false when absent. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return false;
  }
  const file = path.resolve(root, '.' + path.posix.normalize(relative));
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
  });
  limitAnswerTime(res);
  // pipeline closes the file when the client goes away mid-answer (pipe() would keep it open).
  await pipeline(createReadStream(file), res).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  });
  return true;
}
