import { FakeClock } from '../fake-clock.test-helpers';
import { backoffDelay, transientOnlyRetryStrategy, withBackoff } from './retry-policy';

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

  test('an aborted signal ends the wait and gives up with the last error', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const task = vi.fn().mockRejectedValue(throttled());
    const done = withBackoff(task, { clock, signal: controller.signal, onRetry: () => controller.abort() });
    await expect(done).rejects.toThrow('Request limit');
    expect(task).toHaveBeenCalledTimes(1);
    expect(clock.pending()).toBe(0);
  });

  test('a custom `retryable` decides (a security group still in use)', async () => {
    const clock = new FakeClock();
    const inUse = Object.assign(new Error('resource sg-1 has a dependent object'), { name: 'DependencyViolation' });
    const task = vi.fn().mockRejectedValueOnce(inUse).mockResolvedValue('deleted');
    const result = clock.run(withBackoff(task, { clock, retryable: (e) => (e as Error).name === 'DependencyViolation' }));
    expect(await result).toBe('deleted');
    expect(task).toHaveBeenCalledTimes(2);
  });
});

describe('transientOnlyRetryStrategy (the EC2 client\'s SDK retries)', () => {
  const info = (errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR') => ({ errorType });

  test('retries transient failures up to maxAttempts sends, with growing delays', async () => {
    const strategy = transientOnlyRetryStrategy(3, () => 1);
    const first = await strategy.acquireInitialRetryToken('ec2');
    const second = await strategy.refreshRetryTokenForRetry(first, info('TRANSIENT'));
    expect([second.getRetryCount(), second.getRetryDelay()]).toEqual([1, 100]);
    const third = await strategy.refreshRetryTokenForRetry(second, info('TRANSIENT'));
    expect([third.getRetryCount(), third.getRetryDelay()]).toEqual([2, 200]);
    await expect(strategy.refreshRetryTokenForRetry(third, info('TRANSIENT'))).rejects.toThrow('not retried');
  });

  test('leaves throttling to withBackoff and does not retry refusals', async () => {
    const strategy = transientOnlyRetryStrategy(3);
    const first = await strategy.acquireInitialRetryToken('ec2');
    await expect(strategy.refreshRetryTokenForRetry(first, info('THROTTLING'))).rejects.toThrow("throttling is retried by Flotilla's backoff");
    await expect(strategy.refreshRetryTokenForRetry(first, info('CLIENT_ERROR'))).rejects.toThrow('not retried');
  });
});
