import { createEventBus } from '../../core/event-bus';
import { eventChannel } from '../../contract/events';
import { forwardEvents } from './forward-events';

describe('forwardEvents', () => {
  test('sends each core event on event:<name> with its payload, until unsubscribed', () => {
    const bus = createEventBus(() => {});
    const send = vi.fn();
    const stop = forwardEvents(bus, send);
    bus.emit('projects.changed', { projects: [] });
    expect(send).toHaveBeenCalledExactlyOnceWith('event:projects.changed', { projects: [] });
    stop();
    bus.emit('projects.changed', { projects: [] });
    expect(send).toHaveBeenCalledTimes(1);
  });

  test('names channels event:<name>', () => {
    expect(eventChannel('projects.changed')).toBe('event:projects.changed');
  });
});
