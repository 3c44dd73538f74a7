import { createHash } from 'node:crypto';
import { FlotillaError } from '../../contract/errors';
import {
  hashPrefix,
  parseRevisionKey,
  parseRevisionName,
  revisionId,
  revisionKey,
  revTimestamp,
  splitFileName,
} from './rev-name';

const md5 = (text: string) => createHash('md5').update(text).digest();

describe('hashPrefix: the first two base64 sextets of the MD5 in 0-9A-Z_a-z', () => {
  test.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e', 'q1'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72', '_0'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6', 'cX'],
  ])('md5(%j) = %s gives %s', (text, hex, prefix) => {
    expect(md5(text).toString('hex')).toBe(hex);
    expect(hashPrefix(md5(text))).toBe(prefix);
  });

  test('writes index 63 as 0, in the first and in the second place', () => {
    expect(md5('ftl-22').toString('hex')).toBe('ff6395f2b55a1172a28f1a490c17bcf2'); // sextets 63, 54
    expect(hashPrefix(md5('ftl-22'))).toBe('0r');
    expect(md5('ftl-26').toString('hex')).toBe('8bfd369c32ba8eb22bf657b0d36ee9d1'); // sextets 34, 63
    expect(hashPrefix(md5('ftl-26'))).toBe('Y0');
    expect(hashPrefix(Uint8Array.from([0xff, 0xff]))).toBe('00');
    expect(hashPrefix(Uint8Array.from([0, 0]))).toBe('00');
  });

  test('agrees with standard base64 mapped onto the FTL alphabet', () => {
    const standard = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const ftl = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz0';
    for (let i = 0; i < 300; i++) {
      const digest = md5(`vector-${i}`);
      const mapped = [...digest.toString('base64').slice(0, 2)].map((c) => ftl[standard.indexOf(c)]).join('');
      expect(hashPrefix(digest)).toBe(mapped);
    }
  });
});

describe('revTimestamp: UTC date and seconds since midnight on 5 digits', () => {
  test.each([
    ['2026-11-22T00:00:07Z', '2026112200007'],
    ['2026-11-22T23:59:59Z', '2026112286399'],
    ['2026-01-02T00:00:00Z', '2026010200000'],
    ['2026-11-22T01:02:03Z', '2026112203723'],
  ])('%s is %s', (iso, expected) => {
    expect(revTimestamp(new Date(iso))).toBe(expected);
  });

  test('uses UTC whatever the local time zone', () => {
    expect(revTimestamp(new Date('2026-03-01T00:30:00+02:00'))).toBe('2026022881000');
  });

  test('makes the whole rev', () => {
    expect(revisionId(md5(''), new Date('2026-11-22T01:02:03Z'))).toBe('2026112203723q1');
  });
});

describe('file and revision names', () => {
  test('splits a file name at its first dot', () => {
    expect(splitFileName('my_site.tar.gz')).toEqual({ package: 'my_site', rest: 'tar.gz' });
    expect(revisionKey(splitFileName('my_site.tar.gz'), '2026112203723Ab')).toBe('my_site.2026112203723Ab.tar.gz');
  });

  test.each(['my_site', '.hidden', 'trailing.', ''])('refuses %j with a message that shows the form', (name) => {
    const error = (() => {
      try {
        splitFileName(name);
      } catch (e) {
        return e as FlotillaError;
      }
    })();
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error!.code).toBe('invalid-input');
    expect(error!.message).toMatch(/package/);
    expect(error!.message).toMatch(/\.tar\.gz/);
  });

  test('parses revision names and refuses others', () => {
    expect(parseRevisionName('my_site.2026112203723Ab')).toEqual({ package: 'my_site', rev: '2026112203723Ab', name: 'my_site.2026112203723Ab' });
    expect(parseRevisionName('my_site.054aR4G0L').rev).toBe('054aR4G0L');
    for (const bad of ['my_site', 'my_site.', '.rev', 'my_site.2026/x', 'a/b.2026112203723Ab']) {
      expect(() => parseRevisionName(bad)).toThrow(/<package>\.<rev>/);
    }
  });

  test('recognizes revision keys of a package and nothing else', () => {
    expect(parseRevisionKey('p', 'p.2026112203723Ab.tar.gz')).toMatchObject({ rev: '2026112203723Ab', rest: 'tar.gz', name: 'p.2026112203723Ab' });
    for (const key of ['p.current', 'p.previous', 'p.rev', 'p.status/i-0abc.json', 'p.status/host.example.json', 'pp.2026112203723Ab.tgz', 'p..tgz']) {
      expect(parseRevisionKey('p', key)).toBeNull();
    }
  });
});
