import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { FlotillaError } from '../../contract/errors';

export interface LockOptions {
  /** How long to wait for the holder to finish before failing (0: fail at once). */
  waitMs: number;
  pollMs?: number;
  /** What the holder is doing, shown to whoever waits. */
  purpose: string;
  isAlive?(pid: number): boolean;
}

interface Holder {
  pid: number;
  purpose: string;
  since: string;
  token: string;
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<Holder | null | 'gone'> {
  try {
    const text = await readFile(file, 'utf8');
    if (/^\d+\s*$/.test(text)) return { pid: Number(text.trim()), purpose: 'unknown', since: 'unknown', token: '' };
    const parsed = JSON.parse(text) as Partial<Holder>;
    return typeof parsed.pid === 'number' ? (parsed as Holder) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null; // being written, or garbage
  }
}

/**
 * Takes `file` as an exclusive lock (created with O_EXCL, holding our pid). A lock whose pid is
 * dead is taken over; a live one is waited for up to `waitMs`, then refused with its pid.
 * Answers the release function, which removes the file only if it is still ours.
 */
export async function acquireLock(file: string, options: LockOptions): Promise<() => Promise<void>> {
  const isAlive = options.isAlive ?? processIsAlive;
  const pollMs = options.pollMs ?? 100;
  const deadline = Date.now() + options.waitMs;
  const mine: Holder = { pid: process.pid, purpose: options.purpose, since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(mine) + '\n');
      } finally {
        await handle.close();
      }
      return async () => {
        const holder = await readHolder(file);
        if (holder !== 'gone' && holder?.token === mine.token) await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder === null ? await unreadableForLong(file) : !isAlive(holder.pid)) {
      await takeOver(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? `process ${holder.pid} (${holder.purpose}, since ${holder.since})` : 'another process';
      throw new FlotillaError(
        'unavailable',
        `${file} is held by ${who}, so ${options.purpose} cannot run now. Wait for it to finish and try again` +
          (holder ? `; if process ${holder.pid} is gone, remove ${file}.` : '.'),
        { lock: file, pid: holder?.pid ?? null },
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(pollMs, deadline - Date.now()))));
  }
}

/** A lock file that stays unparseable for seconds was left half-written by a crash. */
async function unreadableForLong(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > 5000;
}

/**
 * Moves a dead holder's lock aside. If, in a race, what we moved turns out to be a live lock
 * another process has just taken, it is put back (link fails if yet another one got there).
 */
async function takeOver(file: string, stale: Holder | null): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  const same = stale === null ? moved === null : moved !== 'gone' && moved?.token === stale.token && moved.pid === stale.pid;
  if (!same) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}
