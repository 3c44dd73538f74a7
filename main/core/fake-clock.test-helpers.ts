/** A controllable Clock for tests and benchmarks (imported only by them). */
import type { Clock } from './ports';

/** The time every test starts at. */
export const T0 = Date.parse('2025-06-01T12:00:00Z');

/** Lets promise chains and SDK middleware run (a few macrotask turns). */
export async function flush(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A Clock tests move by hand: timers fire only when `advance` or `run` passes their time. */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = T0) {
    this.time = start;
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return () => this.timers.delete(id);
  }

  pending(): number {
    return this.timers.size;
  }

  /** The delays of pending timers from now, soonest first. */
  delays(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  private fireNext(until: number): boolean {
    let nextId: number | null = null;
    let next: { at: number; callback: () => void } | null = null;
    for (const [id, timer] of this.timers) if (timer.at <= until && (!next || timer.at < next.at)) [nextId, next] = [id, timer];
    if (!next || nextId === null) return false;
    this.timers.delete(nextId);
    this.time = Math.max(this.time, next.at);
    next.callback();
    return true;
  }

  /** Moves time forward by `ms`, firing each timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    while (this.fireNext(end)) await flush();
    this.time = end;
    await flush();
  }

  /** Fires timers as they come due (jumping time) until `promise` settles; real I/O gets real time. */
  async run<T>(promise: Promise<T>, limitMs = 7 * 86_400_000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const until = this.time + limitMs;
    const realDeadline = Date.now() + 10_000;
    while (!settled) {
      await flush();
      if (settled) break;
      if (!this.fireNext(until)) {
        if (Date.now() > realDeadline) throw new Error('FakeClock.run: the promise never settled');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    return promise;
  }
}

