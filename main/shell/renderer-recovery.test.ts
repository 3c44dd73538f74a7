/**
 * Issue 12, defect 16: after 'render-process-gone' nothing reloaded the page, and a send to a
 * destroyed webContents threw into the core's event bus.
 *
 * electron docs/api/web-contents.md at v45.0.0-nightly.20260821 (newest v45 ref in the mirror):
 * "Event: 'render-process-gone'" (event, details: RenderProcessGoneDetails), "Emitted when the
 * renderer process unexpectedly disappears"; docs/api/structures/render-process-gone-details.md:
 * `reason` clean-exit ("exited with an exit code of zero"), abnormal-exit, killed, crashed, oom,
 * launch-failed, integrity-failure, memory-eviction; `contents.reload()`; `contents.isDestroyed()`.
 */
import { describe, expect, test, vi } from 'vitest';
import { createEventBus } from '../core/event-bus';
import { forwardEvents } from './ipc/forward-events';
import { guardedSender, reloadAfterCrash, type RenderProcessGoneDetails } from './renderer-recovery';

function fakeContents() {
  let gone: ((event: unknown, details: RenderProcessGoneDetails) => void) | null = null;
  const contents = {
    destroyed: false,
    reload: vi.fn(),
    sent: [] as Array<[string, unknown]>,
    on(_event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void) {
      gone = listener;
      return contents;
    },
    isDestroyed: () => contents.destroyed,
    send(channel: string, payload: unknown) {
      // As Electron does for a destroyed object.
      if (contents.destroyed) throw new TypeError('Object has been destroyed');
      contents.sent.push([channel, payload]);
    },
    crash: (reason = 'crashed') => gone?.({}, { reason, exitCode: 139 }),
  };
  return contents;
}
const logger = () => ({ error: vi.fn(), warn: vi.fn() });

describe('reloadAfterCrash', () => {
  test('reloads the page when its renderer crashed, and logs why', () => {
    const contents = fakeContents();
    const log = logger();
    reloadAfterCrash(contents, { clock: { now: () => new Date(0) }, logger: log });
    contents.crash('oom');
    expect(contents.reload).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith('renderer process gone', { reason: 'oom', exitCode: 139 });
  });

  test('at most 3 reloads a minute; then it gives up once; a minute later it reloads again', () => {
    const contents = fakeContents();
    let now = 0;
    const onGiveUp = vi.fn();
    reloadAfterCrash(contents, { clock: { now: () => new Date(now) }, logger: logger(), onGiveUp });
    for (let i = 0; i < 5; i++) {
      contents.crash();
      now += 1_000;
    }
    expect(contents.reload).toHaveBeenCalledTimes(3);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    now = 61_000;
    contents.crash();
    expect(contents.reload).toHaveBeenCalledTimes(4);
  });

  test('not after a clean exit, nor once the webContents is destroyed', () => {
    const contents = fakeContents();
    reloadAfterCrash(contents, { clock: { now: () => new Date(0) }, logger: logger() });
    contents.crash('clean-exit');
    contents.destroyed = true;
    contents.crash('killed');
    expect(contents.reload).not.toHaveBeenCalled();
  });

  test('a reload that throws is logged, not thrown', () => {
    const contents = fakeContents();
    contents.reload.mockImplementation(() => {
      throw new Error('boom');
    });
    const log = logger();
    reloadAfterCrash(contents, { clock: { now: () => new Date(0) }, logger: log });
    expect(() => contents.crash()).not.toThrow();
    expect(log.warn).toHaveBeenCalled();
  });
});

describe('guardedSender', () => {
  test('sends to a live webContents', () => {
    const contents = fakeContents();
    guardedSender(() => contents, logger())('event:x', { a: 1 });
    expect(contents.sent).toEqual([['event:x', { a: 1 }]]);
  });

  test('a destroyed webContents, or none: nothing sent, nothing thrown into the event bus', () => {
    const contents = fakeContents();
    contents.destroyed = true;
    const listenerErrors = vi.fn();
    const bus = createEventBus(listenerErrors);
    const log = logger();
    forwardEvents(bus, guardedSender(() => contents, log));
    forwardEvents(bus, guardedSender(() => null, log));
    bus.emit('settings.changed', {} as never);
    expect(listenerErrors).not.toHaveBeenCalled();
    expect(contents.sent).toEqual([]);
  });

  test('(the defect) an unguarded send, as the shell had it, throws into the bus', () => {
    const contents = fakeContents();
    contents.destroyed = true;
    const listenerErrors = vi.fn();
    const bus = createEventBus(listenerErrors);
    forwardEvents(bus, (channel, payload) => contents.send(channel, payload));
    bus.emit('settings.changed', {} as never);
    expect(listenerErrors).toHaveBeenCalledWith('settings.changed', expect.objectContaining({ message: 'Object has been destroyed' }));
  });

  test('a send that throws anyway is logged', () => {
    const log = logger();
    const send = guardedSender(
      () => ({
        isDestroyed: () => false,
        send: () => {
          throw new Error('render frame disposed');
        },
      }),
      log,
    );
    expect(() => send('event:x', 1)).not.toThrow();
    expect(log.warn).toHaveBeenCalledWith('could not send an event to the window', { channel: 'event:x', error: 'render frame disposed' });
  });
});
