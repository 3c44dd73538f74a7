import { instancesInputSchemas } from './schemas';

describe('launch input schema', () => {
  const base = { project: 'web', gitUser: 'octocat', branch: 'main' };
  const issue = (value: unknown) => instancesInputSchemas.launch.safeParse({ ...base, rootVolumeSize: value }).error?.issues[0]?.message;

  test('rootVolumeSize is optional: a whole number of GiB from 1 to 16384', () => {
    expect(instancesInputSchemas.launch.safeParse(base).success).toBe(true);
    expect(instancesInputSchemas.preflight.safeParse({ ...base, rootVolumeSize: 20 }).success).toBe(true);
    expect(issue(16_384)).toBeUndefined();
    expect(issue(0)).toBe('must be at least 1 GiB');
    expect(issue(16_385)).toBe('must be at most 16384 GiB');
    expect(issue(8.5)).toBe('must be a whole number of GiB');
    expect(issue('20')).toBeDefined();
  });

  test('market is optional: on-demand, spot or spot-or-on-demand', () => {
    for (const market of ['on-demand', 'spot', 'spot-or-on-demand']) expect(instancesInputSchemas.launch.safeParse({ ...base, market }).success).toBe(true);
    expect(instancesInputSchemas.resolveLaunch.safeParse({ project: 'web', market: 'spot' }).success).toBe(true);
    const refused = instancesInputSchemas.preflight.safeParse({ ...base, market: 'cheap' }).error?.issues[0];
    expect(refused).toMatchObject({ path: ['market'], message: 'must be one of on-demand, spot, spot-or-on-demand' });
  });
});
