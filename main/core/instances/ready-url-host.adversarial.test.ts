// readyUrlFor promises that a flotilla:ready-url tag chooses scheme, port and path, never the
// host. URL's hostname setter silently ignores a value it cannot parse (WHATWG URL standard,
// "hostname setter": a failure leaves the URL as it was), so an instance address that is not a
// host name (an EC2-compatible endpoint answering PublicDnsName 'a b' or 'x:1') left the tag's
// own host in place: the tracker then probed, and openUrl opened, whatever host the tag named
// (the metadata service, loopback).
import { readyUrlFor } from './ready-url';

test('an instance address the URL parser rejects gives no URL, never the tag’s host', () => {
  const tag = 'http://169.254.169.254/latest/meta-data/';
  for (const host of ['a b', 'x:1', 'a@b', 'a%00b', 'evil.example/x', 'a\\b', '#', '?']) {
    const url = readyUrlFor(tag, host);
    expect(url === null || !url.includes('169.254.169.254'), `${host} → ${url}`).toBe(true);
  }
  expect(readyUrlFor(tag, 'ec2-203-0-113-10.compute-1.amazonaws.com')).toBe('http://ec2-203-0-113-10.compute-1.amazonaws.com/latest/meta-data/');
  expect(readyUrlFor(tag, '203.0.113.10')).toBe('http://203.0.113.10/latest/meta-data/');
});
