import type { AgentsEventMap } from '../../contract/agents/events';
import type { Clock } from '../ports';

/** An output event before the agents service adds `end` (its count of the instance's characters). */
export type BatchedOutput = Omit<AgentsEventMap['agents.output'], 'end'>;
type Output = BatchedOutput;

export interface OutputBatcherOptions {
  clock: Pick<Clock, 'setTimeout'>;
  /** How long output collects before it is sent (default 100 ms). */
  intervalMs: number;
  /** The most characters kept per instance per interval; older ones are dropped and counted in `skipped`. */
  maxChars: number;
  emit(payload: Output): void;
}

interface Pending {
  jobId: string;
  instanceId: string;
  segments: Array<{ stream: Output['stream']; text: string }>;
  chars: number;
  skipped: number;
}

export interface OutputBatcher {
  push(jobId: string, instanceId: string, stream: Output['stream'], text: string): void;
  /** Sends what an instance has collected now (before its 'agents.done'). */
  flush(jobId: string, instanceId: string): void;
  /** Sends everything and stops the timer. */
  close(): void;
}

/**
 * Collects output per instance and sends it at most once per interval, consecutive text of one
 * stream merged, in the order it arrived; so a chatty sync costs a few events a second, not one
 * per chunk. Beyond `maxChars` in one interval the oldest text is dropped and counted.
 */
export function createOutputBatcher(options: OutputBatcherOptions): OutputBatcher {
  const pending = new Map<string, Pending>();
  let cancelTimer: (() => void) | null = null;

  function send(key: string) {
    const p = pending.get(key);
    if (!p) return;
    pending.delete(key);
    let skipped = p.skipped;
    for (const { stream, text } of p.segments) {
      options.emit({ jobId: p.jobId, instanceId: p.instanceId, stream, text, ...(skipped > 0 ? { skipped } : {}) });
      skipped = 0;
    }
  }

  function flushAll() {
    cancelTimer = null;
    for (const key of [...pending.keys()]) send(key);
  }

  return {
    push(jobId, instanceId, stream, text) {
      if (text.length === 0) return;
      const key = `${jobId}\u0000${instanceId}`;
      let p = pending.get(key);
      if (!p) pending.set(key, (p = { jobId, instanceId, segments: [], chars: 0, skipped: 0 }));
      const last = p.segments.at(-1);
      if (last && last.stream === stream) last.text += text;
      else p.segments.push({ stream, text });
      p.chars += text.length;
      while (p.chars > options.maxChars) {
        const first = p.segments[0]!;
        const drop = Math.min(first.text.length, p.chars - options.maxChars);
        first.text = first.text.slice(drop);
        p.chars -= drop;
        p.skipped += drop;
        if (first.text.length === 0) p.segments.shift();
      }
      cancelTimer ??= options.clock.setTimeout(flushAll, options.intervalMs);
    },
    flush(jobId, instanceId) {
      send(`${jobId}\u0000${instanceId}`);
    },
    close() {
      cancelTimer?.();
      flushAll();
    },
  };
}
