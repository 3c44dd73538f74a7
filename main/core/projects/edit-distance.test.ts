import { editDistance, nearest } from './edit-distance';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['redy-url', 'ready-url', 1],
    ['imgae-id', 'image-id', 1],
    ['ttl', 'ttl', 0],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('nearest', () => {
  const keys = ['name', 'repo', 'image-id', 'ready-url', 'ttl', 'region'];
  test('suggests a close key', () => {
    expect(nearest('redy-url', keys)).toBe('ready-url');
    expect(nearest('regin', keys)).toBe('region');
    expect(nearest('imageid', keys)).toBe('image-id');
  });
  test('suggests nothing when every key is far away', () => {
    expect(nearest('foo', keys)).toBeNull();
    expect(nearest('completely-different', keys)).toBeNull();
  });
});
