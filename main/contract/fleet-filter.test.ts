import type { InstanceDto } from './instances/dto';
import { filterInstances, instanceMatcher, prepareSearchText } from './fleet-filter';

function row(overrides: Partial<InstanceDto>): InstanceDto {
  return {
    id: 'i-0000000000000000a',
    region: 'us-east-1',
    name: 'web/main',
    project: 'web',
    branch: 'main',
    gitUser: 'octocat',
    owner: 'arn:me',
    launchId: 'fl-1',
    state: 'running',
    readiness: 'ready',
    publicDns: 'ec2-1.compute.amazonaws.com',
    publicIp: '203.0.113.1',
    readyUrl: null,
    launchedAt: '2025-06-01T10:00:00.000Z',
    expiresAt: null,
    pinned: false,
    instanceType: 't3.small',
    imageId: 'ami-1',
    keyName: null,
    tags: { env: 'dev', site: 'shop' },
    revision: null,
    access: 'ssh',
    market: 'on-demand',
    hourlyPrice: 0.02,
    costSoFar: 0.04,
    projectedCost: 0.5,
    priceSource: { source: 'shipped', asOf: '2025-06-01' },
    interruption: null,
    ssm: null,
    ...overrides,
  };
}

const fleet = [
  row({ id: 'i-1', project: 'web', branch: 'main', owner: 'arn:me' }),
  row({ id: 'i-2', project: 'web', branch: 'feature/login', owner: 'arn:bob', state: 'stopped', tags: { env: 'staging', site: 'shop' } }),
  row({ id: 'i-3', project: 'api', branch: 'main', owner: 'arn:bob', region: 'eu-west-1', tags: { env: 'dev', site: 'blog' }, instanceType: 'm7g.large' }),
];
const ids = (rows: InstanceDto[]) => rows.map((r) => r.id);

describe('filterInstances', () => {
  test('no criteria keeps everything', () => expect(ids(filterInstances(fleet, {}))).toEqual(['i-1', 'i-2', 'i-3']));
  test('project, branch, region', () => {
    expect(ids(filterInstances(fleet, { project: 'web' }))).toEqual(['i-1', 'i-2']);
    expect(ids(filterInstances(fleet, { branch: 'main', region: 'eu-west-1' }))).toEqual(['i-3']);
  });
  test("owner, and 'mine' for the caller", () => {
    expect(ids(filterInstances(fleet, { owner: 'arn:bob' }))).toEqual(['i-2', 'i-3']);
    expect(ids(filterInstances(fleet, { owner: 'mine' }, 'arn:me'))).toEqual(['i-1']);
    expect(ids(filterInstances(fleet, { owner: 'mine' }, null))).toEqual([]);
  });
  test('one state or several', () => {
    expect(ids(filterInstances(fleet, { state: 'stopped' }))).toEqual(['i-2']);
    expect(ids(filterInstances(fleet, { state: ['running', 'stopped'] }))).toEqual(['i-1', 'i-2', 'i-3']);
  });
  test('env and site tags', () => {
    expect(ids(filterInstances(fleet, { env: 'dev' }))).toEqual(['i-1', 'i-3']);
    expect(ids(filterInstances(fleet, { env: 'dev', site: 'blog' }))).toEqual(['i-3']);
  });
  test('free text: every word somewhere, case-insensitive', () => {
    expect(ids(filterInstances(fleet, { text: 'LOGIN' }))).toEqual(['i-2']);
    expect(ids(filterInstances(fleet, { text: 'm7g eu-west' }))).toEqual(['i-3']);
    expect(ids(filterInstances(fleet, { text: 'site=shop web' }))).toEqual(['i-1', 'i-2']);
    expect(ids(filterInstances(fleet, { text: 'nothing-like-this' }))).toEqual([]);
  });
  test('free text finds the revision an instance was launched with', () => {
    const launched = [...fleet, row({ id: 'i-4', revision: 'site.2026010300001Cc' })];
    expect(ids(filterInstances(launched, { text: '2026010300001cc' }))).toEqual(['i-4']);
  });
  test('blank criteria are ignored', () => expect(ids(filterInstances(fleet, { project: ' ', text: '  ' }))).toHaveLength(3));
  test('5 000 rows filter in a few milliseconds', () => {
    const many = Array.from({ length: 5000 }, (_, i) => row({ id: `i-${i}`, branch: `feature/${i}`, owner: i % 3 ? 'arn:bob' : 'arn:me' }));
    const match = instanceMatcher({ text: 'feature/49', owner: 'mine', state: 'running' }, 'arn:me');
    const started = performance.now();
    const found = many.filter(match);
    expect(performance.now() - started).toBeLessThan(100);
    expect(found.every((r) => r.branch.startsWith('feature/49') && r.owner === 'arn:me')).toBe(true);
  });
});

describe('prepareSearchText', () => {
  test('prepares in steps of 250 while allowed, and a later search uses what it made', () => {
    const fleet = Array.from({ length: 600 }, (_, i) => row({ id: `i-${i}`, branch: `feature/x-${i}` }));
    let calls = 0;
    expect(prepareSearchText(fleet, 0, () => ++calls < 2)).toBe(500);
    expect(prepareSearchText(fleet, 500)).toBe(600);
    expect(filterInstances(fleet, { text: 'x-599' }).map((i) => i.id)).toEqual(['i-599']);
  });
});
