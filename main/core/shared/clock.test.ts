import { FakeClock } from '../fake-clock.test-helpers';
import { sleep, systemClock } from './clock';

describe('systemClock', () => {
  test('reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  test('fires a timer after its delay; the answered function cancels it', async () => {
    const fired: string[] = [];
    const cancel = systemClock.setTimeout(() => fired.push('cancelled'), 5);
    systemClock.setTimeout(() => fired.push('kept'), 5);
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toEqual(['kept']);
  });
});

describe('sleep', () => {
  test('waits on the clock it is given', async () => {
    const clock = new FakeClock();
    let done = false;
    const slept = sleep(clock, 60_000).then(() => (done = true));
    await clock.advance(59_999);
    expect(done).toBe(false);
    await clock.advance(1);
    await slept;
    expect(done).toBe(true);
  });

  test('sleep ends early when aborted', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const done = sleep(clock, 60_000, controller.signal);
    controller.abort();
    await done;
    expect(clock.pending()).toBe(0);
  });
});
