import { readyUrlFor } from './ready-url';

/**
 * Regression guard (these attacks hold): URL-parser tricks in a hostile `flotilla:ready-url` tag
 * neither keep the tag's host nor pass it off as the host the local project file trusts.
 */
const INSTANCE = 'ec2-203-0-113-10.compute-1.amazonaws.com';
const TRUSTED = 'http://app.example.com:8080/health';

const tricks = [
  'http:\\\\evil.example\\x',
  'http:/\\evil.example/',
  'http://ev\til.exa\nmple/',
  '\thttp://evil.example/',
  ' http://evil.example/ ',
  `http://evil.example#@${INSTANCE}`,
  `http://evil.example?@${INSTANCE}`,
  `http://evil.example\\@${INSTANCE}/`,
  `http://${INSTANCE}@evil.example/`,
  'http://app.example.com@evil.example/',
  'http://a.b@c.d@evil.example/',
  'http://evil\u3002example/',
  'http://127\u30020\u30020\u30021/',
  'http://%65vil.example/',
  'http://%31%32%37.0.0.1/',
  'HTTP://EVIL.EXAMPLE/',
  'http://evil.example./',
  'http://app.example.com.evil.example/',
  'http://evil.example/#app.example.com',
  'http://\u0430pp.example.com/',
  'http://[::ffff:127.0.0.1]:22/',
];

describe('URL-parser tricks in a ready-url tag', () => {
  test.each(tricks)('%j probes the instance, never the tag host', (tag) => {
    for (const trusted of [null, TRUSTED]) {
      const url = readyUrlFor(tag, INSTANCE, trusted);
      expect(url).not.toBeNull();
      expect(new URL(url!).hostname).toBe(INSTANCE);
    }
  });

  test('unparseable hosts and ports probe nothing', () => {
    for (const tag of ['http://[fe80::1%25eth0]/', 'http://evil.example:99999/', 'http://evil.example:-1/', 'http://app.example.com%00.evil/']) {
      expect(readyUrlFor(tag, INSTANCE, TRUSTED)).toBeNull();
    }
  });

  test('spellings of the trusted origin stay that origin; a loopback "trusted" host is not trusted', () => {
    expect(new URL(readyUrlFor('http://APP.EXAMPLE.COM.:8080/x', INSTANCE, TRUSTED)!).hostname).toBe('app.example.com.');
    expect(new URL(readyUrlFor('http://app%2eexample%2ecom:8080/', INSTANCE, TRUSTED)!).hostname).toBe('app.example.com');
    expect(readyUrlFor('http://localhost:3000/', INSTANCE, 'http://localhost:3000/')).toBe(`http://${INSTANCE}:3000/`);
    expect(readyUrlFor('http://127.0.0.1:3000/', null, 'http://127.1:3000/')).toBeNull();
  });
});
