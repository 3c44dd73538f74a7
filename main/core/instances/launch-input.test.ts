import type { LaunchInput } from '../../contract/dto/instances';
import { checkLaunch, normalizeLaunch } from './launch-input';
import { loadedProject, T0, testSettings, WEB_SOURCE } from './instances.test-helpers';

const now = new Date(T0);
const id = () => 'fl-0000000000aa';

describe('normalizeLaunch', () => {
  test('defaults: the settings, unless the project says otherwise', () => {
    const launch = normalizeLaunch({ project: 'web', gitUser: 'octocat', branch: 'main' }, loadedProject().detail, testSettings(), now, id);
    expect(launch).toMatchObject({
      launchId: 'fl-0000000000aa',
      count: 1,
      ttl: '24h',
      region: 'us-east-1',
      instanceType: 't3.small',
      keyPair: 'ada',
      securityGroupId: null,
      readyUrl: 'http://localhost:8080/health',
      readyPort: 8080,
      repoName: 'web',
      upstream: 'acme/web',
    });
    expect(launch.expiresAt.toISOString()).toBe('2025-06-02T12:00:00.000Z');
  });

  test("the project's ttl and region beat the settings; the launch beats both", () => {
    const source = WEB_SOURCE.replace('set -euo', '# fleeting-meta:ttl = 4h\n# fleeting-meta:region = eu-west-1\nset -euo');
    const project = loadedProject('web', source).detail;
    expect(normalizeLaunch({ project: 'web', gitUser: 'o', branch: 'b' }, project, testSettings(), now, id)).toMatchObject({ ttl: '4h', region: 'eu-west-1', keyPair: null });
    expect(
      normalizeLaunch({ project: 'web', gitUser: 'o', branch: 'b', ttl: '90m', region: 'us-west-2', instanceType: 'c7g.large', keyPair: 'k', launchId: 'fl-retry-1' }, project, testSettings(), now, id),
    ).toMatchObject({ ttl: '90m', region: 'us-west-2', instanceType: 'c7g.large', keyPair: 'k', launchId: 'fl-retry-1' });
  });

  test('every problem is listed', () => {
    const error = (() => {
      try {
        normalizeLaunch(
          { project: 'web', gitUser: '-bad-', branch: 'x', count: 0, region: 'Mars', securityGroupId: 'sg-1', revision: 'web.2025' },
          loadedProject().detail,
          testSettings(),
          now,
          id,
        );
      } catch (e) {
        return e as { code: string; data: { problems: string[] } };
      }
    })()!;
    expect(error.code).toBe('invalid-input');
    expect(error.data.problems).toEqual([
      'count must be a whole number from 1 to 20, not 0',
      expect.stringContaining("'-bad-'"),
      "region 'Mars' is not an AWS region name (like us-east-1 or eu-west-1)",
      "security group 'sg-1' is not a group id (sg- followed by 8 or 17 hex digits)",
      "project 'web' declares no package (fleeting-meta:package), so it cannot deploy a revision",
    ]);
  });
});

describe('checkLaunch', () => {
  const TEMPLATE_TTL = WEB_SOURCE.replace('set -euo', '# fleeting-meta:ttl = 8h\n# fleeting-meta:region = eu-west-1\nset -euo');

  test("says where each value comes from: the launch, the launch defaults, the template, Settings", () => {
    const templated = loadedProject('web', TEMPLATE_TTL).detail;
    expect(checkLaunch({ project: 'web' }, templated, testSettings(), id).resolution).toMatchObject({
      ttl: { value: '8h', source: 'template' },
      region: { value: 'eu-west-1', source: 'template' },
      image: { value: 'ami-0123456789abcdef0', source: 'template' },
      instanceType: { value: 't3.small', source: 'template' },
    });
    const withDefaults = testSettings({ launchDefaults: { web: { imageId: null, instanceType: null, region: 'us-west-2', count: null, securityGroupId: null, source: 'instance.config' } } });
    expect(checkLaunch({ project: 'web' }, templated, withDefaults, id).resolution.region).toEqual({ value: 'us-west-2', source: 'launch-defaults' });
    expect(checkLaunch({ project: 'web' }, loadedProject().detail, testSettings(), id).resolution).toMatchObject({
      ttl: { value: '24h', source: 'settings' },
      region: { value: 'us-east-1', source: 'settings' },
      keyPair: { value: 'ada', source: 'settings' },
    });
    expect(checkLaunch({ project: 'web', ttl: '2h', region: 'ap-south-1', image: 'role:web' }, templated, testSettings(), id).resolution).toMatchObject({
      ttl: { value: '2h', source: 'launch' },
      region: { value: 'ap-south-1', source: 'launch' },
      image: { value: 'role:web', source: 'launch' },
    });
  });

  test('every problem at once, by field, worded to follow the field', () => {
    const { resolution } = checkLaunch(
      { project: 'web', gitUser: '', branch: 'b', count: 0, ttl: '0m', region: 'Mars', image: 'ubuntu', securityGroupId: 'sg-1' },
      loadedProject().detail,
      testSettings(),
      id,
    );
    expect(resolution.problems).toEqual([
      { field: 'count', message: 'must be a whole number from 1 to 20, not 0' },
      { field: 'gitUser', message: 'is empty; enter a GitHub user name' },
      { field: 'ttl', message: "must be at least 1 minute, not '0m'" },
      { field: 'region', message: "'Mars' is not an AWS region name (like us-east-1 or eu-west-1)" },
      { field: 'image', message: "'ubuntu' is not an AMI id (ami- and 8 or 17 hex digits) or role:<name>" },
      { field: 'securityGroupId', message: "'sg-1' is not a group id (sg- followed by 8 or 17 hex digits)" },
    ]);
  });

  test('the launch uses an image given in the launch', () => {
    const launch = normalizeLaunch({ project: 'web', gitUser: 'o', branch: 'b', image: 'ami-0fedcba9876543210' }, loadedProject().detail, testSettings(), now, id);
    expect(launch.imageRef).toBe('ami-0fedcba9876543210');
  });
});

describe('root-volume-size', () => {
  const sized = loadedProject('web', WEB_SOURCE.replace('set -euo', '# fleeting-meta:root-volume-size = 20\nset -euo')).detail;
  const launch = (extra: { rootVolumeSize?: number }, project = sized) => normalizeLaunch({ project: 'web', gitUser: 'o', branch: 'b', ...extra }, project, testSettings(), now, id);

  test("none by default; the project's meta key; the launch's option beats it", () => {
    expect(launch({}, loadedProject().detail).rootVolumeSize).toBeNull();
    expect(launch({}).rootVolumeSize).toBe(20);
    expect(launch({ rootVolumeSize: 50 }).rootVolumeSize).toBe(50);
  });

  test('a launch option out of range is refused with the limits', () => {
    expect(() => launch({ rootVolumeSize: 0 })).toThrow("Cannot launch web: root-volume-size '0' is not a whole number of GiB from 1 to 16384 (like 20).");
    expect(() => launch({ rootVolumeSize: 2.5 })).toThrow(/root-volume-size '2\.5' is not a whole number/);
  });
});

describe('a project with errors', () => {
  test('is refused before any check, with its first error', () => {
    const broken = loadedProject('web', WEB_SOURCE.replace('ami-0123456789abcdef0', 'ami-2bb7d44')).detail;
    expect(() => normalizeLaunch({ project: 'web', gitUser: 'o', branch: 'b' }, broken, testSettings(), now, id)).toThrow(
      "Cannot launch web: project 'web' has errors (projects/web.sh:4: image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)); run flotilla check and fix them first.",
    );
  });
});

describe('template options, revision and env (issue 15)', () => {
  const OPTIONS_SOURCE = WEB_SOURCE.replace(
    'set -euo',
    [
      '# fleeting-meta:package = web_site',
      '# fleeting-meta:option.workers = int(1..16) 2 "gunicorn workers"',
      '# fleeting-meta:option.debug = bool false',
      '# fleeting-meta:option.site = enum(main,staging) main',
      'set -euo',
    ].join('\n'),
  );
  const project = loadedProject('web', OPTIONS_SOURCE, 'API_URL=https://file.example.com\nDATABASE_URL=ssm:/web/db\nLOG_LEVEL=info\n');
  const defaults = (options: Record<string, string>) =>
    testSettings({ launchDefaults: { web: { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, options, source: null } } });
  const check = (input: Partial<LaunchInput>, settings = testSettings()) =>
    checkLaunch({ project: 'web', gitUser: 'o', branch: 'b', ...input }, project.detail, settings, id, project.envValues);

  test('options: the launch, else the launch defaults, else the template; canonical values, with their sources', () => {
    expect(project.detail.options.map((o) => o.name)).toEqual(['workers', 'debug', 'site']);
    const { resolution } = check({ options: { workers: '04' } }, defaults({ debug: 'TRUE', workers: '3' }));
    expect(resolution.problems).toEqual([]);
    expect(resolution.options).toEqual([
      { name: 'workers', value: '4', source: 'launch' },
      { name: 'debug', value: 'true', source: 'launch-defaults' },
      { name: 'site', value: 'main', source: 'template' },
    ]);
  });

  test('every option problem at once, by field option.<name>; unknown names get the nearest known one', () => {
    const { resolution } = check({ options: { workers: '40', site: 'prod', worker: '2' } }, defaults({ colour: 'red', debug: 'maybe' }));
    expect(resolution.problems).toEqual([
      { field: 'option.worker', message: "unknown option 'worker'; did you mean 'workers'?" },
      { field: 'option.colour', message: expect.stringMatching(/^unknown option 'colour'; .*\(in Settings → Launch defaults for web; change or remove it there\)$/) },
      { field: 'option.workers', message: expect.stringMatching(/^option workers must be a whole number from 1 to 16, not '40'/) },
      { field: 'option.debug', message: expect.stringMatching(/^option debug .*'maybe'.*\(in Settings → Launch defaults for web; change or remove it there\)$/) },
      { field: 'option.site', message: expect.stringMatching(/^option site must be one of main, staging, not 'prod'/) },
    ]);
  });

  test("options for a template that declares none are refused, saying so", () => {
    const { resolution } = checkLaunch({ project: 'web', gitUser: 'o', branch: 'b', options: { workers: '2' } }, loadedProject().detail, testSettings(), id);
    expect(resolution.problems).toEqual([{ field: 'option.workers', message: "unknown option 'workers'; this template declares no options" }]);
  });

  test('revision: current by default; current, previous or a revision of this package; anything else is refused clearly', () => {
    expect(check({}).resolution.revision).toEqual({ package: 'web_site', ref: 'current', source: 'template' });
    expect(check({ revision: 'previous' }).resolution.revision).toEqual({ package: 'web_site', ref: 'previous', source: 'launch' });
    expect(check({ revision: 'web_site.2026112200007Ab' }).resolution.problems).toEqual([]);
    expect(check({ revision: 'other_site.2026112200007Ab' }).resolution.problems).toEqual([
      { field: 'revision', message: "revision 'other_site.2026112200007Ab' is of package other_site, but web deploys web_site; give current, previous or web_site.<rev> (the Revisions page lists them)" },
    ]);
    expect(check({ revision: 'latest' }).resolution.problems).toEqual([
      { field: 'revision', message: "revision 'latest' is not a revision name; give current, previous or web_site.<rev> (the Revisions page lists them)" },
    ]);
  });

  test("env: the project's env file under the launch's own, with sources and references, never values", () => {
    const { resolution, launch } = check({ env: { API_URL: 'https://launch.example.com', SENTRY_DSN: 'secretsmanager:web/sentry' } });
    expect(resolution.env).toEqual([
      { key: 'DATABASE_URL', source: 'env-file', reference: { kind: 'ssm', name: '/web/db' } },
      { key: 'LOG_LEVEL', source: 'env-file', reference: null },
      { key: 'API_URL', source: 'launch', reference: null },
      { key: 'SENTRY_DSN', source: 'launch', reference: { kind: 'secretsmanager', name: 'web/sentry' } },
    ]);
    expect(JSON.stringify(resolution)).not.toContain('example.com');
    expect(launch.env).toEqual({ API_URL: 'https://launch.example.com', DATABASE_URL: 'ssm:/web/db', LOG_LEVEL: 'info', SENTRY_DSN: 'secretsmanager:web/sentry' });
  });

  test('a launch value that looks like a reference but names nothing valid is refused', () => {
    expect(check({ env: { DB: 'ssm:has spaces' } }).resolution.problems).toEqual([
      { field: 'env', message: expect.stringMatching(/^environment variable DB: 'ssm:has spaces' is not an SSM parameter name/) },
    ]);
  });
});
