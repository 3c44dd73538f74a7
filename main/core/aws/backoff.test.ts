import { FakeClock } from '../instances/instances.test-helpers';
import { awsErrorCode, encodedAuthorizationMessage, isThrottling } from './aws-errors';
import { backoffDelay, sleep, withBackoff } from './backoff';

const throttled = () => Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });

describe('withBackoff', () => {
  test('retries throttling with growing delays on the clock, then answers', async () => {
    const clock = new FakeClock();
    const task = vi.fn().mockRejectedValueOnce(throttled()).mockRejectedValueOnce(throttled()).mockResolvedValue('done');
    const delays: number[] = [];
    const result = clock.run(withBackoff(task, { clock, random: () => 1, baseMs: 100, onRetry: (_e, _n, ms) => delays.push(ms) }));
    expect(await result).toBe('done');
    expect(task).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([100, 200]);
  });

  test('does not retry other errors', async () => {
    const clock = new FakeClock();
    const task = vi.fn().mockRejectedValue(Object.assign(new Error('nope'), { name: 'InvalidAMIID.NotFound' }));
    await expect(withBackoff(task, { clock })).rejects.toThrow('nope');
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('gives up after `retries`', async () => {
    const clock = new FakeClock();
    const task = vi.fn().mockRejectedValue(throttled());
    await expect(clock.run(withBackoff(task, { clock, retries: 2 }))).rejects.toThrow('Request limit');
    expect(task).toHaveBeenCalledTimes(3);
  });

  test('delays: exponential, capped, with jitter in [d/2, d]', () => {
    expect(backoffDelay(0, 500, 20_000, () => 0)).toBe(250);
    expect(backoffDelay(3, 500, 20_000, () => 1)).toBe(4000);
    expect(backoffDelay(10, 500, 20_000, () => 1)).toBe(20_000);
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

describe('aws-errors', () => {
  test('codes and throttling', () => {
    expect(awsErrorCode(throttled())).toBe('RequestLimitExceeded');
    expect(isThrottling(throttled())).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isThrottling(new Error('x'))).toBe(false);
    expect(awsErrorCode('boom')).toBe('Unknown');
  });

  test('finds the encoded authorization message', () => {
    const error = new Error('You are not authorized to perform this operation. Encoded authorization failure message: AbC-12_x/+=');
    expect(encodedAuthorizationMessage(error)).toBe('AbC-12_x/+=');
    expect(encodedAuthorizationMessage(new Error('no'))).toBeNull();
  });
});
