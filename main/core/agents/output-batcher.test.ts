import { FakeClock } from '../fake-clock.test-helpers';
import { createOutputBatcher, type BatchedOutput } from './output-batcher';

function setup(maxChars = 1000) {
  const clock = new FakeClock();
  const sent: BatchedOutput[] = [];
  const batcher = createOutputBatcher({ clock, intervalMs: 100, maxChars, emit: (p) => sent.push(p) });
  return { clock, sent, batcher };
}

describe('output batcher', () => {
  test('sends once per interval, merging consecutive text of one stream, in order, per instance', async () => {
    const { clock, sent, batcher } = setup();
    batcher.push('j', 'i-1', 'stdout', 'a');
    batcher.push('j', 'i-1', 'stdout', 'b');
    batcher.push('j', 'i-2', 'stdout', 'x');
    batcher.push('j', 'i-1', 'stderr', 'warn');
    batcher.push('j', 'i-1', 'stdout', 'c');
    expect(sent).toEqual([]);
    expect(clock.pending()).toBe(1);
    await clock.advance(100);
    expect(sent).toEqual([
      { jobId: 'j', instanceId: 'i-1', stream: 'stdout', text: 'ab' },
      { jobId: 'j', instanceId: 'i-1', stream: 'stderr', text: 'warn' },
      { jobId: 'j', instanceId: 'i-1', stream: 'stdout', text: 'c' },
      { jobId: 'j', instanceId: 'i-2', stream: 'stdout', text: 'x' },
    ]);
    expect(clock.pending()).toBe(0);
  });

  test('flushes one instance on demand, and keeps only the newest text past the cap, counting the rest', () => {
    const { clock, sent, batcher } = setup(10);
    batcher.push('j', 'i-1', 'stdout', '0123456789');
    batcher.push('j', 'i-1', 'stderr', 'abcdef');
    batcher.push('j', 'i-2', 'stdout', 'other');
    batcher.flush('j', 'i-1');
    expect(sent).toEqual([
      { jobId: 'j', instanceId: 'i-1', stream: 'stdout', text: '6789', skipped: 6 },
      { jobId: 'j', instanceId: 'i-1', stream: 'stderr', text: 'abcdef' },
    ]);
    batcher.close();
    expect(sent.at(-1)).toEqual({ jobId: 'j', instanceId: 'i-2', stream: 'stdout', text: 'other' });
    expect(clock.pending()).toBe(0);
  });
});
