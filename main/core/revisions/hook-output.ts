import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/** Where hook output is shown as well as kept in hooks.log (the agent: its stdout). */
export type HookOutput = (text: string) => void;

const POLL_MS = 100;
const CHUNK_BYTES = 64 * 1024;

interface Follower {
  refs: number;
  offset: number;
  handle: Promise<FileHandle>;
  decoder: StringDecoder;
  timer: NodeJS.Timeout;
  /** Reads run one after the other. */
  busy: Promise<void>;
}

const following = new WeakMap<HookOutput, Map<string, Follower>>();

/**
 * Shows what is appended to `file` from `from` on, as it comes, until the returned stop() has been
 * called by every hook that follows it (post-spool hooks run side by side and share hooks.log;
 * their lines are shown once, interleaved as in the file, as FTL interleaves them on its stdout:
 * rhettg/ftl ftl/local.go:442-445 hands a hook the agent's own stdout and stderr).
 *
 * A hook keeps writing to hooks.log itself (not to a pipe), so a process it leaves running never
 * gets SIGPIPE when the agent exits; what that process writes later stays in the log only.
 */
export function followLog(file: string, from: number, sink: HookOutput): () => Promise<void> {
  let byFile = following.get(sink);
  if (!byFile) following.set(sink, (byFile = new Map()));
  let follower = byFile.get(file);
  if (!follower) {
    const handle = open(file, 'r');
    handle.catch(() => undefined); // a failure shows in pump (ignored there) and stop
    const timer = setInterval(() => void pump(created, sink), POLL_MS).unref();
    const created: Follower = { refs: 0, offset: from, handle, decoder: new StringDecoder('utf8'), busy: Promise.resolve(), timer };
    byFile.set(file, (follower = created));
  }
  const mine = follower;
  mine.refs += 1;
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    await pump(mine, sink);
    if (--mine.refs > 0) return;
    clearInterval(mine.timer);
    byFile.delete(file);
    const rest = mine.decoder.end();
    if (rest) sink(rest);
    await mine.handle.then((h) => h.close()).catch(() => undefined);
  };
}

function pump(follower: Follower, sink: HookOutput): Promise<void> {
  // Shown output is a courtesy: a read or a sink that fails never fails the hook (the log has it all).
  follower.busy = follower.busy
    .then(async () => {
      const handle = await follower.handle;
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, follower.offset);
        if (bytesRead === 0) return;
        follower.offset += bytesRead;
        const text = follower.decoder.write(buffer.subarray(0, bytesRead));
        if (text) sink(text);
      }
    })
    .catch(() => undefined);
  return follower.busy;
}
