import { EventEmitter } from 'node:events';

const created: FakeWindow[] = [];

class FakeWindow extends EventEmitter {
  shown = 0;
  loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    created.push(this);
  }
  show() {
    this.shown++;
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return url.includes('missing') ? Promise.reject(new Error('ERR_FILE_NOT_FOUND')) : Promise.resolve();
  }
}

vi.mock('electron', () => ({ BrowserWindow: FakeWindow }));

const { createMainWindow, hardenedWebPreferences } = await import('./main-window');

describe('hardenedWebPreferences', () => {
  // The only check of spellcheck, disableBlinkFeatures and preload: Electron's
  // getLastWebPreferences() (what the _electron suite reads) never records them
  // (electron v45.0.0-nightly.20260821 shell/browser/web_contents_preferences.cc, SaveLastPreferences).
  test('is exactly the hardened set', () => {
    expect(hardenedWebPreferences('/app/dist/preload/index.cjs')).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Middle-click would open links in a new window (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/dist/preload/index.cjs',
    });
  });
});

describe('createMainWindow', () => {
  beforeEach(() => void created.splice(0));

  test('creates a hidden, titled window with the hardened preferences, loads the app:// page (never a file), shows it when ready', () => {
    createMainWindow({ preloadPath: '/app/dist/preload/index.cjs', appUrl: 'app://flotilla/index.html' });
    const [window] = created;
    expect(window?.options).toMatchObject({
      title: 'Flotilla',
      show: false,
      minWidth: expect.any(Number),
      minHeight: expect.any(Number),
      webPreferences: hardenedWebPreferences('/app/dist/preload/index.cjs'),
    });
    expect(window?.loaded).toEqual(['app://flotilla/index.html']);
    expect(window?.shown).toBe(0);
    window?.emit('ready-to-show');
    expect(window?.shown).toBe(1);
  });

  test('keeps the title Flotilla unless the page sets one explicitly', () => {
    createMainWindow({ preloadPath: '/p.cjs', appUrl: 'app://flotilla/index.html' });
    const [window] = created;
    const titleEvent = () => ({ prevented: false, preventDefault() { this.prevented = true; } });
    const fallback = titleEvent();
    window?.emit('page-title-updated', fallback, 'index.html', false);
    const empty = titleEvent();
    window?.emit('page-title-updated', empty, '  ', true);
    const explicit = titleEvent();
    window?.emit('page-title-updated', explicit, 'Flotilla — web', true);
    expect([fallback.prevented, empty.prevented, explicit.prevented]).toEqual([true, true, false]);
  });

  test('stays hidden when started into the tray', () => {
    createMainWindow({ preloadPath: '/p.cjs', appUrl: 'app://flotilla/index.html', showWhenReady: false });
    const [window] = created;
    window?.emit('ready-to-show');
    expect(window?.shown).toBe(0);
  });

  test('reports a page that fails to load', async () => {
    const onLoadError = vi.fn();
    createMainWindow({ preloadPath: '/p.cjs', appUrl: 'app://flotilla/missing.html', onLoadError });
    await vi.waitFor(() => expect(onLoadError).toHaveBeenCalledWith(expect.objectContaining({ message: 'ERR_FILE_NOT_FOUND' })));
  });
});
