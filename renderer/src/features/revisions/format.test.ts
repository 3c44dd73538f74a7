import { baseName, pickedFolder, progressText } from './format';

const MB = 1 << 20;

describe('spool progress wording', () => {
  test('reads like "412 MiB of 1 GiB, 38 MiB/s, about 16s left"', () => {
    expect(progressText({ phase: 'uploading', bytes: 412 * MB, totalBytes: 1 << 30, rateBytesPerSec: 38 * MB, etaSeconds: 16 })).toBe('412 MiB of 1 GiB, 38 MiB/s, about 16s left');
    expect(progressText({ phase: 'packing', bytes: 5.25 * MB, totalBytes: null, rateBytesPerSec: 0, etaSeconds: null })).toBe('5.3 MiB packed');
    expect(progressText({ phase: 'hashing', bytes: 700, totalBytes: 700, rateBytesPerSec: 7000, etaSeconds: 0 })).toBe('700 B of 700 B, 6.8 KiB/s');
    expect(progressText({ phase: 'finishing', bytes: 1 << 30, totalBytes: 1 << 30, rateBytesPerSec: 0, etaSeconds: null })).toBe('1 GiB sent; S3 is joining the parts (a few seconds for a large file)');
  });

  test('rounds sizes and durations for reading, not for accounting (a time left rounds up)', () => {
    expect([0, 1536, 15 * 1024, 3 * (1 << 30)].map((bytes) => progressText({ phase: 'packing', bytes, totalBytes: null, rateBytesPerSec: 0, etaSeconds: null }))).toEqual(['0 B packed', '1.5 KiB packed', '15 KiB packed', '3 GiB packed']);
    const eta = (etaSeconds: number) => progressText({ phase: 'uploading', bytes: 0, totalBytes: 1, rateBytesPerSec: 0, etaSeconds });
    expect([eta(0.4), eta(150), eta(4000)]).toEqual(['0 B of 1 B, about 1s left', '0 B of 1 B, about 2m 30s left', '0 B of 1 B, about 1h 06m left']);
    expect([baseName('/srv/dist/site.tar.gz'), baseName('C:\\dist\\site\\'), baseName('site.tgz')]).toEqual(['site.tar.gz', 'site', 'site.tgz']);
  });
});

describe('pickedFolder', () => {
  test('finds the picked folder from a file inside it, with either separator', () => {
    expect(pickedFolder('/home/ada/dist/site/index.html', 'site/index.html')).toBe('/home/ada/dist/site');
    expect(pickedFolder('/home/ada/dist/site/css/a.css', 'site/css/a.css')).toBe('/home/ada/dist/site');
    expect(pickedFolder('C:\\Users\\ada\\site\\css\\a.css', 'site/css/a.css')).toBe('C:\\Users\\ada\\site');
  });
  test('answers null when the two do not fit', () => {
    expect(pickedFolder('', 'site/a')).toBeNull();
    expect(pickedFolder('/a.txt', 'a.txt')).toBeNull();
    expect(pickedFolder('a', 'x/y/a')).toBeNull();
  });
});
