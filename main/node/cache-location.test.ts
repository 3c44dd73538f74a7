import path from 'node:path';
import { cacheDir, priceCacheFile } from './cache-location';

describe('the cache folder', () => {
  test('FLOTILLA_CACHE_DIR wins; else the OS cache folder', () => {
    expect(cacheDir({ FLOTILLA_CACHE_DIR: ' /tmp/fl-cache ' }, '/home/ada', 'linux')).toBe(path.resolve('/tmp/fl-cache'));
    expect(cacheDir({}, '/home/ada', 'linux')).toBe(path.join('/home/ada', '.cache', 'flotilla'));
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, '/home/ada', 'linux')).toBe(path.join('/var/cache/ada', 'flotilla'));
    expect(cacheDir({}, '/Users/ada', 'darwin')).toBe(path.join('/Users/ada', 'Library', 'Caches', 'flotilla'));
    expect(cacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'C:\\Users\\ada', 'win32')).toBe(path.join('C:\\Users\\ada\\AppData\\Local', 'flotilla', 'Cache'));
    expect(priceCacheFile({}, '/home/ada', 'linux')).toBe(path.join('/home/ada', '.cache', 'flotilla', 'prices.json'));
  });
});
