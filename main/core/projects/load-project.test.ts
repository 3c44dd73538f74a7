import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnvFile } from './env-file';
import { buildProject, loadProjectFile, summaryOf } from './load-project';
import { goodSource, tempProjects } from './projects.test-helpers';
import { renderUserData } from './user-data';

describe('buildProject', () => {
  test('describes a valid project', () => {
    const project = buildProject('demo', 'projects/demo.sh', goodSource());
    expect(summaryOf(project.detail)).toEqual({
      id: 'demo',
      file: 'projects/demo.sh',
      name: 'Demo',
      repo: 'octocat/demo',
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.micro',
      readyUrl: 'http://localhost:8080/health',
      state: 'valid',
      errorCount: 0,
      warningCount: 0,
    });
    expect(project.detail.meta).toMatchObject({ name: 'Demo', repo: 'octocat/demo' });
    expect(project.detail.source).toBe(goodSource());
    expect(project.template).not.toBeNull();
  });

  test('reports every problem of a file, in line order, located', () => {
    const source = [
      '#!/bin/bash',
      '# fleeting-meta:name = Butter',
      '# fleeting-meta:image-id = ami-2bb7d44',
      '# fleeting-meta:repo = octocat/butter',
      '# fleeting-meta:instance-type = t3.micro',
      '# fleeting-meta:redy-url = http://localhost:8080/health',
      'echo {{ GIT_BRANCH }}',
    ].join('\n');
    const { detail } = buildProject('butter', 'projects/butter.sh', source);
    expect(detail.problems.map((p) => p.text)).toEqual([
      `projects/butter.sh:1: missing required key 'ready-url'; add a line such as "# fleeting-meta:ready-url = http://localhost:8080/health"`,
      "projects/butter.sh:3: image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)",
      "projects/butter.sh:6: unknown key 'redy-url'; did you mean 'ready-url'?",
      'projects/butter.sh:7: GIT_BRANCH is inserted without shell quoting; write {{ GIT_BRANCH | shq }}',
    ]);
    expect(detail.problems[1]).toEqual({
      severity: 'error',
      file: 'projects/butter.sh',
      line: 3,
      key: 'image-id',
      message: "image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)",
      text: "projects/butter.sh:3: image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)",
    });
    expect(detail).toMatchObject({ state: 'errors', errorCount: 2, warningCount: 2, readyUrl: null, imageId: 'ami-2bb7d44' });
  });

  test('is in state warnings when it only has warnings', () => {
    const { detail } = buildProject('w', 'projects/w.sh', goodSource('echo {{ GIT_USER }}'));
    expect(detail).toMatchObject({ state: 'warnings', errorCount: 0, warningCount: 1 });
  });

  test('reports a syntax error with its line, and keeps the metadata checks', () => {
    const project = buildProject('s', 'projects/s.sh.njk', goodSource('{% if x %}\necho\n{% endfi %}'));
    expect(project.template).toBeNull();
    expect(project.detail.problems.map((p) => p.text)).toEqual(['projects/s.sh.njk:10: template syntax error: unknown block tag: endfi']);
  });

  test('reports render-time errors of the sample render', () => {
    const { detail } = buildProject('r', 'projects/r.sh', goodSource('X={{ GIT_USER | nope | shq }}'));
    expect(detail.problems.map((p) => p.text)).toEqual(["projects/r.sh:8: template error: unknown filter 'nope'"]);
  });

  test('refuses includes once, at the include line', () => {
    const { detail } = buildProject('i', 'projects/i.sh', goodSource('{% include "other.sh" %}'));
    expect(detail.problems).toHaveLength(1);
    expect(detail.problems[0]).toMatchObject({ line: 8, message: expect.stringContaining('cannot include') });
  });

  test('reports user-data that would be too large for EC2, without a line', () => {
    const { detail } = buildProject('big', 'projects/big.sh', goodSource(`# ${'x'.repeat(13000)}`));
    expect(detail.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        text: expect.stringMatching(/^projects\/big\.sh: user-data is 17 \d{3} bytes once base64-encoded; EC2 allows at most 16 384 bytes\. Move large content into a file the script downloads\.$/),
      }),
    ]);
    expect(detail.problems[0]).not.toHaveProperty('line');
  });
});

describe('buildProject: package, options, instance profile and env file', () => {
  const META = [
    '# fleeting-meta:package = django_app',
    '# fleeting-meta:iam-instance-profile = web-app',
    '# fleeting-meta:option.workers = int(1..16) 3 "gunicorn workers"',
    '# fleeting-meta:option.debug = bool false "Django DEBUG"',
  ].join('\n');

  test('fills package, options (in file order) and iamInstanceProfile, and renders the sample with the defaults', () => {
    const project = buildProject('d', 'projects/d.sh', goodSource(`${META}\necho {{ OPTIONS.workers | shq }} {{ OPTIONS.debug | shq }}`));
    expect(project.detail.problems).toEqual([]);
    expect(project.detail).toMatchObject({
      package: 'django_app',
      iamInstanceProfile: 'web-app',
      options: [
        { name: 'workers', type: 'int', default: '3', min: 1, max: 16, description: 'gunicorn workers', line: 10 },
        { name: 'debug', type: 'bool', default: 'false', description: 'Django DEBUG', line: 11 },
      ],
      envFile: null,
    });
    expect(project.envValues).toEqual({});
    // A preview (no OPTIONS given) renders with the defaults; a launch's OPTIONS replace them.
    expect(renderUserData(project, { GIT_USER: 'o', GIT_BRANCH: 'main' }).userData).toContain("echo '3' 'false'\n");
    expect(renderUserData(project, { GIT_USER: 'o', GIT_BRANCH: 'main', OPTIONS: { workers: '8', debug: 'true' } }).userData).toContain("echo '8' 'true'\n");
  });

  test('has null package and profile and no options when the template declares none', () => {
    expect(buildProject('p', 'projects/p.sh', goodSource()).detail).toMatchObject({ package: null, iamInstanceProfile: null, options: [], envFile: null });
  });

  test('makes an invalid declaration an error on its line', () => {
    const { detail } = buildProject('p', 'projects/p.sh', goodSource('# fleeting-meta:option.site = enum(a,a) a\n# fleeting-meta:package = my.site'));
    expect(detail.problems.map((p) => p.text)).toEqual([
      "projects/p.sh:8: option site: enum choice 'a' is listed twice; list each choice once",
      expect.stringMatching(/^projects\/p\.sh:9: package: the package name 'my\.site' holds '\.'/),
    ]);
    expect(detail.options).toEqual([]);
    expect(detail.state).toBe('errors');
  });

  test('warns about an option output without shq', () => {
    const { detail } = buildProject('p', 'projects/p.sh', goodSource(`${META}\n--workers {{ OPTIONS.workers }}`));
    expect(detail.problems.map((p) => p.text)).toEqual(['projects/p.sh:12: OPTIONS.workers is inserted without shell quoting; write {{ OPTIONS.workers | shq }}']);
  });

  test("lists the env file's keys and references, its problems after the template's, and keeps the values off the detail", () => {
    const SECRET = 'sk_live_TOPSECRET_0123456789';
    const env = parseEnvFile('projects/p.env', [`STRIPE_KEY=${SECRET}`, 'DB_PASSWORD=ssm:/p/db', 'bad key=1', `STRIPE_KEY="${SECRET}"`].join('\n'));
    const project = buildProject('p', 'projects/p.sh', goodSource('echo {{ GIT_USER }}'), [], env);
    expect(project.detail.envFile).toEqual({
      file: 'projects/p.env',
      entries: [
        { key: 'DB_PASSWORD', line: 2, reference: { kind: 'ssm', name: '/p/db' } },
        { key: 'STRIPE_KEY', line: 4, reference: null },
      ],
    });
    expect(project.detail.problems.map((p) => [p.file, p.line, p.severity])).toEqual([
      ['projects/p.sh', 8, 'warning'],
      ['projects/p.env', 3, 'error'],
      ['projects/p.env', 4, 'warning'],
    ]);
    expect(project.detail.problems[1]!.text).toBe("projects/p.env:3: 'bad key' is not a variable name: upper-case letters, digits and _, not starting with a digit; try BAD_KEY");
    expect(project.detail.state).toBe('errors');
    expect(project.envValues).toEqual({ STRIPE_KEY: SECRET, DB_PASSWORD: 'ssm:/p/db' });
    expect(JSON.stringify(project.detail)).not.toContain('TOPSECRET');
    expect(JSON.stringify(summaryOf(project.detail))).not.toContain('TOPSECRET');
  });
});

describe('loadProjectFile', () => {
  // chmod 000 cannot make a file unreadable on Windows (no POSIX read permission: it only sets the
  // read-only flag), nor to root, who reads any file: the test is skipped there, not passed.
  const cannotLock = process.platform === 'win32' ? 'Windows has no POSIX read permission' : process.getuid?.() === 0 ? 'root reads any file' : null;
  test.skipIf(cannotLock !== null)(`turns an unreadable file into a project with an error${cannotLock ? ` (skipped: ${cannotLock})` : ''}`, async () => {
    const t = await tempProjects({ 'locked.sh': goodSource() });
    try {
      const path = join(t.dir, 'locked.sh');
      await chmod(path, 0o000);
      const project = await loadProjectFile(path, 'locked', 'projects/locked.sh');
      expect(project.detail).toMatchObject({ state: 'errors', errorCount: 1, source: '' });
      expect(project.detail.problems[0]?.text).toBe('projects/locked.sh: cannot read this file (EACCES)');
    } finally {
      await t.cleanup();
    }
  });

  test('turns a directory or a missing file into a project with an error', async () => {
    const t = await tempProjects({ 'a.sh': goodSource() });
    try {
      await mkdir(join(t.dir, 'dir.sh'));
      expect((await loadProjectFile(join(t.dir, 'dir.sh'), 'dir', 'projects/dir.sh')).detail.problems[0]?.message).toBe('this is not a regular file');
      expect((await loadProjectFile(join(t.dir, 'gone.sh'), 'gone', 'projects/gone.sh')).detail.problems[0]?.message).toBe('cannot read this file (ENOENT)');
    } finally {
      await t.cleanup();
    }
  });
});
