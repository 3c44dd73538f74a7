import type { SpoolPhase, SpoolProgress } from '../../contract/revisions/dto';

export type Now = () => number;

/**
 * Turns a growing byte count into progress events: rate over the last few seconds, ETA from
 * that rate, at most one event per `intervalMs` (plus the final one, always sent).
 */
export class ProgressMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  private lastEmit = -Infinity;
  private lastBytes = 0;

  constructor(
    private readonly phase: SpoolPhase,
    private readonly totalBytes: number | null,
    private readonly emit: (progress: SpoolProgress) => void,
    private readonly now: Now = () => Date.now(),
    private readonly intervalMs = 250,
    private readonly windowMs = 3000,
  ) {
    this.samples.push({ t: this.now(), bytes: 0 });
  }

  update(bytes: number, final = false): void {
    const t = this.now();
    this.lastBytes = bytes;
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[1]!.t > this.windowMs) this.samples.shift();
    if (!final && t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    this.emit(this.snapshot(t));
  }

  finish(): void {
    this.update(this.lastBytes, true);
  }

  private snapshot(t: number): SpoolProgress {
    const first = this.samples[0]!;
    const seconds = (t - first.t) / 1000;
    const rate = seconds > 0 ? (this.lastBytes - first.bytes) / seconds : 0;
    const left = this.totalBytes === null ? null : Math.max(0, this.totalBytes - this.lastBytes);
    const eta = left === null ? null : left === 0 ? 0 : rate > 0 ? left / rate : null;
    return {
      phase: this.phase,
      bytes: this.lastBytes,
      totalBytes: this.totalBytes,
      rateBytesPerSec: Math.round(rate),
      etaSeconds: eta === null ? null : Math.round(eta * 10) / 10,
    };
  }
}
