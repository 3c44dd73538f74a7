import { applySecurity, type SecuredContents } from './index';
import { FakeEmitter, fakeEvent } from './fakes.test-helpers';

const appUrl = 'app://flotilla/index.html';

class FakeContents extends FakeEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: 'deny' };
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.windowOpenHandler = handler;
  }
}

class FakeSession {
  requestHandlers = 0;
  checkHandlers = 0;
  request?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; isMainFrame?: boolean }) => void;
  setPermissionRequestHandler(handler: typeof this.request | null) {
    this.requestHandlers++;
    this.request = handler ?? undefined;
  }
  setPermissionCheckHandler() {
    this.checkHandlers++;
  }
}

describe('applySecurity', () => {
  test('applies every rule to each new web contents, and the permission rules once per session', () => {
    const app = new FakeEmitter();
    const opened: string[] = [];
    applySecurity(app as unknown as Parameters<typeof applySecurity>[0], { appUrl, appContents: () => null, openExternal: (url) => opened.push(url) });

    const session = new FakeSession();
    const first = new FakeContents(session);
    const second = new FakeContents(session);
    app.emit('web-contents-created', {}, first satisfies SecuredContents);
    app.emit('web-contents-created', {}, second);

    for (const contents of [first, second]) {
      const navigation = fakeEvent({ url: 'https://example.com/', isMainFrame: true });
      contents.emit('will-frame-navigate', navigation); // emitted first by Electron (electron_navigation_throttle.cc)
      expect(navigation.prevented).toBe(true);
      expect(contents.windowOpenHandler?.({ url: 'https://example.com/new' })).toEqual({ action: 'deny' });
      const webview = fakeEvent();
      contents.emit('will-attach-webview', webview);
      expect(webview.prevented).toBe(true);
    }
    expect(opened).toEqual(['https://example.com/', 'https://example.com/new', 'https://example.com/', 'https://example.com/new']);
    expect(session.requestHandlers).toBe(1);
    expect(session.checkHandlers).toBe(1);
    const callback = vi.fn();
    session.request?.({}, 'media', callback, { requestingUrl: appUrl, isMainFrame: true });
    expect(callback).toHaveBeenCalledWith(false);

    const other = new FakeSession();
    app.emit('web-contents-created', {}, new FakeContents(other));
    expect(other.requestHandlers).toBe(1);
  });
});
