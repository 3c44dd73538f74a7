import { parseRevisionKey, refusedKeyReason, splitFileName } from './rev-name';

// Issue 11 item 6: the parts of a name (package, rev, rest) never hold '/', '\', '..', NUL or a
// control character, on the spool side and when reading keys alike.
describe('revision names with path tricks', () => {
  const bad = ['x/../../etc/cron.d/evil', 'x/y', 'x\\y', 'tar..gz', '..', 'x\u0000y', 'x\ny', 'x\u007fy', 'x\ty'];

  test.each(bad)('parseRevisionKey refuses the rest %j', (rest) => {
    expect(parseRevisionKey('site', `site.2026112200001Ab.${rest}`)).toBeNull();
    expect(refusedKeyReason('site', `site.2026112200001Ab.${rest}`)).toMatch(/holds/);
  });

  test.each(bad.filter((b) => !b.includes('/')))('spool refuses a file named site.%s', (rest) => {
    expect(() => splitFileName(`site.${rest}`)).toThrow(/may not hold/);
  });

  test('still accepts the ordinary names', () => {
    expect(parseRevisionKey('site', 'site.2026112200001Ab.tar.gz')?.rest).toBe('tar.gz');
    expect(parseRevisionKey('site', 'site.2026112200001Ab.config.v2.json')?.rest).toBe('config.v2.json');
    expect(refusedKeyReason('site', 'site.2026112200001Ab.tar.gz')).toBeNull();
    expect(refusedKeyReason('site', 'site.current')).toBeNull();
    expect(splitFileName('my_site.tar.gz')).toEqual({ package: 'my_site', rest: 'tar.gz' });
  });
});
