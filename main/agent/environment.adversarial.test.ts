import { limitsFromEnv } from './environment';
import { main } from './index';

// Issue 11 item 7: the limits come from FTL_MAX_REVISION_BYTES, FTL_MAX_REVISION_FILES and
// FTL_MIN_FREE_BYTES, parsed strictly: a bad value is an error naming the variable and the form.
describe('revision limits from the environment', () => {
  test('reads sizes in bytes or K/M/G/T and whole file counts', () => {
    expect(limitsFromEnv({})).toEqual({});
    expect(limitsFromEnv({ FTL_MAX_REVISION_BYTES: '2G', FTL_MAX_REVISION_FILES: '100000', FTL_MIN_FREE_BYTES: '512MiB' })).toEqual({
      maxRevisionBytes: 2 * 1024 ** 3,
      maxRevisionFiles: 100_000,
      minFreeBytes: 512 * 1024 ** 2,
    });
    expect(limitsFromEnv({ FTL_MAX_REVISION_BYTES: ' 1048576 ', FTL_MIN_FREE_BYTES: '0' })).toEqual({ maxRevisionBytes: 1048576, minFreeBytes: 0 });
    expect(limitsFromEnv({ FTL_MAX_REVISION_BYTES: '' })).toEqual({});
  });

  test.each([
    ['FTL_MAX_REVISION_BYTES', '2GB'],
    ['FTL_MAX_REVISION_BYTES', '1.5G'],
    ['FTL_MAX_REVISION_BYTES', '-1'],
    ['FTL_MAX_REVISION_BYTES', '0'],
    ['FTL_MAX_REVISION_BYTES', 'lots'],
    ['FTL_MAX_REVISION_BYTES', '99999999999T'],
    ['FTL_MAX_REVISION_FILES', '50k'],
    ['FTL_MAX_REVISION_FILES', '0'],
    ['FTL_MAX_REVISION_FILES', '1e6'],
    ['FTL_MIN_FREE_BYTES', '5%'],
    ['FTL_MIN_FREE_BYTES', '-5M'],
  ])('refuses %s=%s, naming the variable and the accepted form', (name, value) => {
    expect(() => limitsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name}='${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not .*e\\.g\\.`));
  });
});

describe('flotilla-agent sync with a bad limit', () => {
  test('stops before any work, naming the variable', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t), progress: () => undefined, write: () => undefined };
    const code = await main(['sync'], io, { FTL_BUCKET: 'b', FTL_ROOT: '/nonexistent-root', FTL_MAX_REVISION_FILES: 'many' });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/^flotilla-agent: FTL_MAX_REVISION_FILES='many' is not a whole number of files/);
  });
});
