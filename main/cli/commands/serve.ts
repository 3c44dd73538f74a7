import path from 'node:path';
import { existsSync } from 'node:fs';
import { startServer } from '../../serve/server';
import { createStderrLogger } from '../../node/node-ports';
import { openCore, packageRoot, type Output } from '../context';

/** `flotilla serve`: browser mode until Ctrl-C. */
export async function serveCommand(dir: string, port: number | undefined, io: Output): Promise<number> {
  const staticDir = path.join(packageRoot, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    io.err(`flotilla serve: the renderer is not built (${staticDir}). Run \`npm run build\` in the Flotilla checkout.`);
    return 1;
  }
  const logger = createStderrLogger(process.env.FLOTILLA_DEBUG ? 'debug' : 'info');
  const core = await openCore(dir, 'browser', true, logger);
  const server = await startServer({ core, staticDir, port, logger });
  io.out(`Flotilla is running in browser mode (projects: ${dir}).`);
  io.out(`Open: ${server.url}`);
  io.out('Open that exact URL: the part after # is a token made for this run; the page keeps it in that tab');
  io.out('and the browser never sends it to other sites or ports. Only this machine can connect (127.0.0.1).');
  io.out('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await core.close();
  return 0;
}
