import { denyWebview } from './deny-webview';
import { FakeEmitter, fakeEvent } from './fakes.test-helpers';

describe('denyWebview', () => {
  test('cancels every will-attach-webview', () => {
    const contents = new FakeEmitter();
    denyWebview(contents);
    const event = fakeEvent({});
    contents.emit('will-attach-webview', event, { preload: '/x.js' }, { src: 'https://example.com' });
    expect(event.prevented).toBe(true);
  });
});
