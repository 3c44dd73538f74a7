import path from 'node:path';
import { displayPath, expandHome } from './paths';

describe('~ in paths', () => {
  test('a path under home is shown as ~/…, with / on every OS; others as they are', () => {
    expect(displayPath('/home/ada/.aws/config', '/home/ada', path.posix)).toBe('~/.aws/config');
    expect(displayPath('/home/ada', '/home/ada', path.posix)).toBe('~');
    expect(displayPath('/home/adam/x', '/home/ada', path.posix)).toBe('/home/adam/x');
    expect(displayPath('C:\\Users\\ada\\.aws\\config', 'C:\\Users\\ada', path.win32)).toBe('~/.aws/config');
    expect(displayPath('D:\\keys\\ada.pem', 'C:\\Users\\ada', path.win32)).toBe('D:\\keys\\ada.pem');
    expect(displayPath('/x/y', '', path.posix)).toBe('/x/y');
  });

  test('what displayPath shows, expandHome reads back', () => {
    const home = path.resolve('home', 'ada');
    for (const file of [path.join(home, '.aws', 'config'), path.join(home, 'My Keys', 'k.pem'), home]) {
      expect(expandHome(displayPath(file, home), home)).toBe(file);
    }
    expect(expandHome('~\\k.pem', home)).toBe(path.join(home, 'k.pem'));
  });
});
