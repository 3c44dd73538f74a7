import { pathToFileURL } from 'node:url';
import { createTrustedSender, type FrameLike } from './trusted-sender';

const appUrl = 'app://flotilla/index.html';

function frame(overrides: Partial<FrameLike> = {}): FrameLike {
  return { url: appUrl, parent: null, processId: 4, routingId: 1, ...overrides };
}

describe('createTrustedSender', () => {
  const main = frame();
  const trusted = createTrustedSender({ appUrl, mainFrame: () => main });

  test('trusts the main frame of our window on the app’s page', () => {
    expect(trusted(main)).toBe(true);
    // Electron may hand out a different wrapper object for the same frame.
    expect(trusted(frame())).toBe(true);
    expect(trusted(frame({ url: `${appUrl}#/projects/web` }))).toBe(true);
  });

  test('refuses a missing or destroyed frame', () => {
    expect(trusted(null)).toBe(false);
    expect(trusted(undefined)).toBe(false);
    const destroyed = {
      get url(): string {
        throw new Error('Render frame was disposed');
      },
      parent: null,
      processId: 4,
      routingId: 1,
    };
    expect(trusted(destroyed)).toBe(false);
  });

  test('refuses a subframe, even on the app’s page', () => {
    expect(trusted(frame({ parent: main, routingId: 2 }))).toBe(false);
    expect(trusted(frame({ parent: main }))).toBe(false);
  });

  test('refuses another window’s main frame', () => {
    expect(trusted(frame({ processId: 9 }))).toBe(false);
    expect(trusted(frame({ routingId: 7 }))).toBe(false);
  });

  test('refuses our main frame when it shows anything but the app’s page', () => {
    for (const url of ['https://example.com/', pathToFileURL('/tmp/index.html').href, pathToFileURL('/home/me/flotilla/dist/renderer/index.html').href, 'app://evil/index.html', 'about:blank', '']) {
      const elsewhere = frame({ url });
      expect(createTrustedSender({ appUrl, mainFrame: () => elsewhere })(elsewhere)).toBe(false);
    }
  });

  test('refuses everything while there is no window', () => {
    expect(createTrustedSender({ appUrl, mainFrame: () => null })(main)).toBe(false);
  });
});
