import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkHostKey, hostName, keyTypeOf, parseKnownHosts } from './known-hosts';

export type SaveOutcome = 'added' | 'present' | 'conflict';

export interface KnownHostsWriter {
  /**
   * Appends `host keytype base64` (`[host]:port` off port 22) to the file, creating ~/.ssh (0700)
   * and the file (0600) when missing. Skipped when the file already lists this key for the host
   * ('present') or another key of its type ('conflict': never overwritten). Writes run one at a time.
   */
  add(host: string, port: number, key: Buffer): Promise<SaveOutcome>;
  /** Resolves once every write asked for so far has ended. */
  idle(): Promise<void>;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The writer for the user's known_hosts file (`file`, normally ~/.ssh/known_hosts). */
export function createKnownHostsWriter(file: string): KnownHostsWriter {
  let queue: Promise<unknown> = Promise.resolve();

  async function write(host: string, port: number, key: Buffer): Promise<SaveOutcome> {
    const folder = path.dirname(file);
    if (!(await exists(folder))) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await chmod(folder, 0o700); // mkdir's mode is narrowed by the umask; say it exactly
    }
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text !== null) {
      const verdict = checkHostKey(parseKnownHosts(text, file), host, port, key);
      if (verdict.status === 'known') return 'present';
      if (verdict.status !== 'new') return 'conflict';
    }
    const line = `${hostName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}\n`;
    const handle = await open(file, 'a', 0o600);
    try {
      if (text === null) await handle.chmod(0o600);
      // A file whose last line has no newline gets one first, so the new entry is a line of its own.
      await handle.appendFile(text && !text.endsWith('\n') ? `\n${line}` : line);
    } finally {
      await handle.close();
    }
    return 'added';
  }

  return {
    add(host, port, key) {
      const next = queue.then(() => write(host, port, key));
      queue = next.catch(() => undefined);
      return next;
    },
    idle: () => queue.then(() => undefined),
  };
}
