/**
 * Another web app on 127.0.0.1, for checking what a browser sends to a different local origin
 * (another port: another origin, but the same cookie host): it answers every request with a
 * small HTML page and records the URL and headers of each.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

export interface OtherApp {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received so far, in order. */
  seen: SeenRequest[];
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

export async function startOtherApp(): Promise<OtherApp> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Another local app</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `body` with another app started for it, closed afterwards whatever happens. */
export async function withOtherApp<T>(body: (other: OtherApp) => Promise<T>): Promise<T> {
  const other = await startOtherApp();
  try {
    return await body(other);
  } finally {
    await other.close();
  }
}
