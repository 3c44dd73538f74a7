import { formatExpiry, isFlotillaTagged, parseExpiry, projectTags, TAG, tagMap, userTags } from './tags';

describe('tags', () => {
  test("the project's tags: `tags` plus env/site/queue/role, meta keys winning", () => {
    expect(projectTags({ tags: 'role=web, env=dev, stack=django', env: 'staging', site: 'shop' })).toEqual({
      tags: { role: 'web', env: 'staging', stack: 'django', site: 'shop' },
      problems: [],
    });
  });

  test('refuses keys EC2 cannot expose to instance metadata, reserved keys and malformed entries', () => {
    const { tags, problems } = projectTags({ tags: 'team name=x, aws:foo=1, flotilla:project=evil, Name=x, oops, ok=1' });
    expect(tags).toEqual({ ok: '1' });
    expect(problems).toEqual([
      "tags: tag key 'team name' may only use letters, digits and + - = . _ : @ (EC2 instance-metadata tags)",
      "tags: tag key 'aws:foo' is reserved; choose another name",
      "tags: tag key 'flotilla:project' is reserved; choose another name",
      "tags: tag key 'Name' is reserved; choose another name",
      `tags: 'oops' is not key=value; write tags as "role=web, env=dev"`,
    ]);
  });

  test('expiry values', () => {
    expect(formatExpiry(new Date('2025-06-01T12:00:00.123Z'))).toBe('2025-06-01T12:00:00Z');
    expect(parseExpiry('2025-06-01T12:00:00Z')).toEqual({ kind: 'at', at: new Date('2025-06-01T12:00:00Z') });
    expect(parseExpiry('never')).toEqual({ kind: 'pinned' });
    expect(parseExpiry('soon')).toEqual({ kind: 'missing' });
    expect(parseExpiry(undefined)).toEqual({ kind: 'missing' });
  });

  test('Flotilla instances carry project and launch id; user tags leave out Name and flotilla:*', () => {
    const tags = tagMap([{ Key: TAG.project, Value: 'web' }, { Key: TAG.launchId, Value: 'fl-1' }, { Key: 'Name', Value: 'x' }, { Key: 'env', Value: 'dev' }]);
    expect(isFlotillaTagged(tags)).toBe(true);
    expect(isFlotillaTagged({ [TAG.project]: 'web' })).toBe(false);
    expect(userTags(tags)).toEqual({ env: 'dev' });
  });
});
