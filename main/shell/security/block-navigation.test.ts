import { pathToFileURL } from 'node:url';
import { blockNavigation } from './block-navigation';
import { FakeEmitter, fakeEvent } from './fakes.test-helpers';

const appUrl = 'app://flotilla/index.html';

function setup() {
  const contents = new FakeEmitter();
  const opened: string[] = [];
  blockNavigation(contents, { appUrl, openExternal: (url) => opened.push(url) });
  const navigate = (event: string, url: string, isMainFrame = true) => {
    const e = fakeEvent({ url, isMainFrame });
    contents.emit(event, e);
    return e.prevented;
  };
  return { contents, opened, navigate };
}

describe('blockNavigation', () => {
  test('listens to will-navigate, will-redirect and will-frame-navigate', () => {
    const { contents } = setup();
    expect([...contents.listeners.keys()].sort()).toEqual(['will-frame-navigate', 'will-navigate', 'will-redirect']);
  });

  test.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s: lets the app’s own page through', (event) => {
    const { navigate, opened } = setup();
    expect(navigate(event, appUrl)).toBe(false);
    expect(navigate(event, `${appUrl}#/projects/web`)).toBe(false);
    expect(navigate(event, `${appUrl}?view=list`)).toBe(false);
    expect(opened).toEqual([]);
  });

  test.each(['will-frame-navigate', 'will-redirect'])('%s: cancels http(s) and opens it in the system browser', (event) => {
    const { navigate, opened } = setup();
    expect(navigate(event, 'https://example.com/')).toBe(true);
    expect(navigate(event, 'http://example.com/a')).toBe(true);
    expect(opened).toEqual(['https://example.com/', 'http://example.com/a']);
  });

  test('will-navigate: cancels http(s) without opening it (a backstop; will-frame-navigate already did)', () => {
    const { navigate, opened } = setup();
    expect(navigate('will-navigate', 'https://example.com/', true)).toBe(true);
    expect(opened).toEqual([]);
  });

  test('will-frame-navigate: does not open http(s) from a subframe', () => {
    const { navigate, opened } = setup();
    expect(navigate('will-frame-navigate', 'https://example.com/', false)).toBe(true);
    expect(opened).toEqual([]);
  });

  // Electron's order, electron v45.0.0-nightly.20260821 shell/browser/electron_navigation_throttle.cc,
  // ElectronNavigationThrottle::WillStartRequest:
  //   if (is_renderer_initiated && api_contents->EmitNavigationEvent("will-frame-navigate", handle)) return CANCEL;
  //   if (is_renderer_initiated && handle->IsInMainFrame() && api_contents->EmitNavigationEvent("will-navigate", handle)) return CANCEL;
  // A prevented will-frame-navigate cancels and will-navigate is never emitted.
  function electronStartRequest(contents: FakeEmitter, url: string, isMainFrame: boolean): 'CANCEL' | 'PROCEED' {
    const frame = fakeEvent({ url, isMainFrame });
    contents.emit('will-frame-navigate', frame);
    if (frame.prevented) return 'CANCEL';
    if (isMainFrame) {
      const main = fakeEvent({ url, isMainFrame });
      contents.emit('will-navigate', main);
      if (main.prevented) return 'CANCEL';
    }
    return 'PROCEED';
  }

  test('in Electron’s event order, a main-frame http(s) link is cancelled and opened exactly once', () => {
    const { contents, opened } = setup();
    expect(electronStartRequest(contents, 'https://example.com/docs', true)).toBe('CANCEL');
    expect(opened).toEqual(['https://example.com/docs']);
  });

  test('in Electron’s event order, a subframe http(s) navigation is cancelled and opens nothing', () => {
    const { contents, opened } = setup();
    expect(electronStartRequest(contents, 'https://example.com/docs', false)).toBe('CANCEL');
    expect(opened).toEqual([]);
  });

  test('in Electron’s event order, the app’s own page proceeds', () => {
    const { contents, opened } = setup();
    expect(electronStartRequest(contents, `${appUrl}#/projects/web`, true)).toBe('PROCEED');
    expect(opened).toEqual([]);
  });

  test('does not open http(s) from a subframe', () => {
    const { navigate, opened } = setup();
    expect(navigate('will-navigate', 'https://example.com/', false)).toBe(true);
    expect(opened).toEqual([]);
  });

  test.each([
    pathToFileURL('/etc/passwd').href,
    pathToFileURL('/opt/Flotilla/resources/app.asar/dist/renderer/other.html').href,
    // The page as a file is no longer the app (issue 11 item 11): file:// may read any local file.
    pathToFileURL('/opt/Flotilla/resources/app.asar/dist/renderer/index.html').href,
    'app://flotilla/other.html',
    'app://evil/index.html',
    'app://evil@flotilla/index.html',
    'file://evil-host/opt/Flotilla/resources/app.asar/dist/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
    'flotilla://anything',
    'about:blank',
    'not a url',
  ])('cancels %s and opens nothing', (url) => {
    const { navigate, opened } = setup();
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) expect(navigate(event, url)).toBe(true);
    expect(opened).toEqual([]);
  });
});
