import { parseOptionAssignments } from './instances-launch';

describe('--option NAME=VALUE', () => {
  test('keeps = in values and refuses a pair without a name or given twice', () => {
    expect(parseOptionAssignments(['workers=4', 'site=a=b'])).toEqual({ workers: '4', site: 'a=b' });
    expect(() => parseOptionAssignments(['=4'])).toThrow(/not NAME=VALUE/);
    expect(() => parseOptionAssignments(['workers=1', 'workers=2'])).toThrow(/given twice/);
  });

  test('a name outside the option name rule (__proto__, Workers) is refused by name, not dropped without a word', () => {
    expect(() => parseOptionAssignments(['__proto__=1'])).toThrow(/--option __proto__: option names are lowercase letters/);
    expect(() => parseOptionAssignments(['Workers=1'])).toThrow(/--option Workers:/);
  });
});
