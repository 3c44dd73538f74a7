import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveProjectsDir, resolveShellPaths } from './paths';
import { isAppUrl, isHttpUrl } from './urls';

describe('resolveShellPaths', () => {
  test('finds the preload and renderer next to dist/shell', () => {
    const shellDir = path.resolve('/opt/Flotilla/resources/app.asar/dist/shell');
    const paths = resolveShellPaths(shellDir);
    expect(paths.preload).toBe(path.resolve('/opt/Flotilla/resources/app.asar/dist/preload/index.cjs'));
    expect(paths.rendererIndex).toBe(path.resolve('/opt/Flotilla/resources/app.asar/dist/renderer/index.html'));
    expect(paths.rendererDir).toBe(path.resolve('/opt/Flotilla/resources/app.asar/dist/renderer'));
    // Served by the app:// protocol handler, never as a file:// page (app-protocol.ts).
    expect(paths.appUrl).toBe('app://flotilla/index.html');
    expect(paths.trayIcons).toEqual({
      template: path.resolve('/opt/Flotilla/resources/app.asar/dist/shell/tray/trayTemplate.png'),
      colour: path.resolve('/opt/Flotilla/resources/app.asar/dist/shell/tray/tray.png'),
    });
  });
});

describe('resolveProjectsDir', () => {
  const base = { env: {}, resourcesPath: '/opt/Flotilla/resources', appPath: '/home/me/flotilla' };
  test('uses projects/ of the checkout in development', () => {
    expect(resolveProjectsDir({ ...base, isPackaged: false })).toBe(path.join('/home/me/flotilla', 'projects'));
  });
  test('uses the projects extra resource when packaged', () => {
    expect(resolveProjectsDir({ ...base, isPackaged: true })).toBe(path.join('/opt/Flotilla/resources', 'projects'));
  });
  test('lets FLOTILLA_PROJECTS_DIR override both (resolved to an absolute path)', () => {
    const env = { FLOTILLA_PROJECTS_DIR: 'some/dir' };
    expect(resolveProjectsDir({ ...base, env, isPackaged: true })).toBe(path.resolve('some/dir'));
    expect(resolveProjectsDir({ ...base, env: { FLOTILLA_PROJECTS_DIR: '  ' }, isPackaged: false })).toBe(
      path.join('/home/me/flotilla', 'projects'),
    );
  });
});

describe('urls', () => {
  const appUrl = 'app://flotilla/index.html';
  test('recognises the app’s page, ignoring query and hash and dot segments', () => {
    expect(isAppUrl(appUrl, appUrl)).toBe(true);
    expect(isAppUrl(appUrl, `${appUrl}#/x`)).toBe(true);
    expect(isAppUrl(appUrl, `${appUrl}?x=1`)).toBe(true);
    expect(isAppUrl(appUrl, 'app://flotilla/assets/../index.html')).toBe(true);
  });
  test('rejects anything else, the file:// copy of the page included', () => {
    for (const url of ['app://flotilla/index.htm', 'https://example.com/', pathToFileURL('/srv/app/dist/renderer/index.html').href, '', null, undefined]) {
      expect(isAppUrl(appUrl, url)).toBe(false);
    }
    expect(isAppUrl('not a url', appUrl)).toBe(false);
  });
  test('accepts only absolute http(s) URLs as external', () => {
    expect(isHttpUrl('https://a.b/')).toBe(true);
    expect(isHttpUrl('HTTP://A.B/')).toBe(true);
    for (const url of ['file:///x', 'javascript:alert(1)', '//a.b/', 'a.b', 'ftp://a.b/']) expect(isHttpUrl(url)).toBe(false);
  });
});
