import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Logger } from '../ports';

export interface FolderWatchOptions {
  logger: Logger;
  /** Called once a burst of changes has settled. */
  onChange(): void;
  /** Quiet time after the last event before onChange (default 150 ms). */
  debounceMs?: number;
  /** How often to look for the folder while it does not exist (default 1000 ms). */
  pollMs?: number;
}

export interface FolderWatcher {
  close(): void;
}

/**
 * Watches a folder's entries with fs.watch. Tolerates the folder not existing yet (polls until
 * it appears), being deleted (polls again) or replaced; every change ends in one debounced
 * onChange, including the folder appearing or disappearing. Resolves once watching (or polling).
 */
export async function watchFolder(dir: string, options: FolderWatchOptions): Promise<FolderWatcher> {
  const debounceMs = options.debounceMs ?? 150;
  const pollMs = options.pollMs ?? 1000;
  let watcher: FSWatcher | null = null;
  let watchedInode: number | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let poll: NodeJS.Timeout | null = null;
  let closed = false;

  async function currentInode(): Promise<number | null> {
    try {
      const info = await stat(dir);
      return info.isDirectory() ? info.ino : null;
    } catch {
      return null;
    }
  }

  function stopWatcher(): void {
    watcher?.close();
    watcher = null;
    watchedInode = null;
  }

  function schedule(): void {
    if (closed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void settle(), debounceMs);
    debounce.unref();
  }

  /** After the quiet time: make sure the right folder is watched, then report. */
  async function settle(): Promise<void> {
    debounce = null;
    await sync();
    if (closed) return;
    try {
      options.onChange();
    } catch (err) {
      options.logger.error('projects: change handler threw', { error: String(err) });
    }
  }

  /** Watches the folder if it exists (again, if it was replaced); otherwise polls for it. */
  async function sync(): Promise<void> {
    const inode = await currentInode();
    if (closed) return;
    if (inode !== null && inode === watchedInode && watcher) return;
    stopWatcher();
    if (inode === null) {
      startPolling();
      return;
    }
    try {
      watcher = watch(dir, { persistent: false }, () => schedule());
      watcher.on('error', (err) => {
        options.logger.debug('projects: folder watch ended', { dir, error: String(err) });
        stopWatcher();
        schedule();
      });
      watchedInode = inode;
      stopPolling();
    } catch (err) {
      options.logger.warn('projects: cannot watch folder; polling for it instead', { dir, error: String(err) });
      startPolling();
    }
  }

  function startPolling(): void {
    if (poll || closed) return;
    let busy = false;
    poll = setInterval(() => {
      if (busy) return;
      busy = true;
      void currentInode().then((inode) => {
        busy = false;
        if (inode !== null && inode !== watchedInode) schedule();
      });
    }, pollMs);
    poll.unref();
  }

  function stopPolling(): void {
    if (poll) clearInterval(poll);
    poll = null;
  }

  await sync();
  return {
    close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      debounce = null;
      stopPolling();
      stopWatcher();
    },
  };
}
