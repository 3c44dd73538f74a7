import { decodeStatusId, encodeStatusId, legacyStatusKey, statusKey } from './status';

describe('status report keys', () => {
  test('hold no dot and do not start with <package>. (FTL reads both as names, ftl/remote.go:42-69)', () => {
    for (const id of ['i-0123456789abcdef0', 'ip-10-0-0-1.eu-west-1.compute.internal', '203.0.113.7', 'web_1', 'srv/1 ü', '..']) {
      const key = statusKey('shop', id);
      expect(key.startsWith('flotilla-status/shop/')).toBe(true);
      expect(key).not.toContain('.');
      expect(key.slice('flotilla-status/shop/'.length)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeStatusId(encodeStatusId(id))).toBe(id);
    }
    expect(statusKey('shop', 'ip-10-0-0-1.ec2.internal')).toBe('flotilla-status/shop/ip-10-0-0-1_2Eec2_2Einternal');
    expect(statusKey('shop', 'web_1')).toBe('flotilla-status/shop/web_5F1');
  });

  test('decodes only what the encoder writes', () => {
    for (const name of ['', 'a.b', 'a_2e', 'a_2', 'a_ZZ', '_C3', 'a_41']) expect(decodeStatusId(name)).toBeNull();
    expect(decodeStatusId('_C3_BC')).toBe('ü');
  });

  test('knows the old place, to move reports found there', () => {
    expect(legacyStatusKey('shop', 'ip-10-0-0-1.ec2.internal')).toBe('shop.status/ip-10-0-0-1.ec2.internal.json');
    expect(legacyStatusKey('shop', 'srv/1')).toBe('shop.status/srv_1.json');
  });
});
