import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveProjectsDir, resolveShellPaths } from './paths';
import { isAppUrl, isHttpUrl } from './urls';

describe('resolveShellPaths', () => {
  it('finds the preload and renderer next to dist/shell', () => {
    const shellDir = path.resolve('/opt/Flotilla/resources/app.asar/dist/shell');
    const paths = resolveShellPaths(shellDir);
    expect(paths.preload).toBe(path.resolve('/opt/Flotilla/resources/app.asar/dist/preload/index.cjs'));
    expect(paths.rendererIndex).toBe(path.resolve('/opt/Flotilla/resources/app.asar/dist/renderer/index.html'));
    expect(paths.appUrl).toBe(pathToFileURL(paths.rendererIndex).href);
    expect(paths.appUrl).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html$/);
    expect(paths.trayIcons).toEqual({
      template: path.resolve('/opt/Flotilla/resources/app.asar/dist/shell/tray/trayTemplate.png'),
      colour: path.resolve('/opt/Flotilla/resources/app.asar/dist/shell/tray/tray.png'),
    });
  });
});

describe('resolveProjectsDir', () => {
  const base = { env: {}, resourcesPath: '/opt/Flotilla/resources', appPath: '/home/me/flotilla' };
  it('uses projects/ of the checkout in development', () => {
    expect(resolveProjectsDir({ ...base, isPackaged: false })).toBe(path.join('/home/me/flotilla', 'projects'));
  });
  it('uses the projects extra resource when packaged', () => {
    expect(resolveProjectsDir({ ...base, isPackaged: true })).toBe(path.join('/opt/Flotilla/resources', 'projects'));
  });
  it('lets FLOTILLA_PROJECTS_DIR override both (resolved to an absolute path)', () => {
    const env = { FLOTILLA_PROJECTS_DIR: 'some/dir' };
    expect(resolveProjectsDir({ ...base, env, isPackaged: true })).toBe(path.resolve('some/dir'));
    expect(resolveProjectsDir({ ...base, env: { FLOTILLA_PROJECTS_DIR: '  ' }, isPackaged: false })).toBe(
      path.join('/home/me/flotilla', 'projects'),
    );
  });
});

describe('urls', () => {
  const appUrl = pathToFileURL('/srv/my app/dist/renderer/index.html').href;
  it('recognises the app’s page, ignoring query and hash and encoding', () => {
    expect(isAppUrl(appUrl, appUrl)).toBe(true);
    expect(isAppUrl(appUrl, `${appUrl}#/x`)).toBe(true);
    expect(isAppUrl(appUrl, 'file:///srv/my%20app/dist/renderer/index.html?x=1')).toBe(true);
    expect(isAppUrl(appUrl, 'file:///srv/my%20app/dist/renderer/../renderer/index.html')).toBe(true);
  });
  it('rejects anything else', () => {
    for (const url of ['file:///srv/my%20app/dist/renderer/index.htm', 'https://example.com/', 'file://host/srv/my%20app/dist/renderer/index.html', '', null, undefined]) {
      expect(isAppUrl(appUrl, url)).toBe(false);
    }
    expect(isAppUrl('not a url', appUrl)).toBe(false);
  });
  it('accepts only absolute http(s) URLs as external', () => {
    expect(isHttpUrl('https://a.b/')).toBe(true);
    expect(isHttpUrl('HTTP://A.B/')).toBe(true);
    for (const url of ['file:///x', 'javascript:alert(1)', '//a.b/', 'a.b', 'ftp://a.b/']) expect(isHttpUrl(url)).toBe(false);
  });
});
