import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { loadCatalog } from './catalog';
import { renderUserData } from './user-data';

const shipped = fileURLToPath(new URL('../../../projects', import.meta.url));
const brokenFixtures = fileURLToPath(new URL('../../../test/fixtures/projects-broken', import.meta.url));

describe('the shipped projects/ folder', () => {
  test('has at least three projects, every one valid with no warnings', async () => {
    const { projects, folderError } = await loadCatalog(shipped);
    expect(folderError).toBeNull();
    expect(projects.length).toBeGreaterThanOrEqual(3);
    for (const { detail } of projects) {
      expect({ id: detail.id, problems: detail.problems.map((p) => p.text) }).toEqual({ id: detail.id, problems: [] });
      expect(detail.state).toBe('valid');
      expect(detail.meta).toMatchObject({ 'ssh-user': expect.any(String), region: expect.any(String), ttl: expect.any(String), tags: expect.any(String) });
    }
  });

  test('renders each project to a bash script that parses, with the values quoted', async () => {
    const { projects } = await loadCatalog(shipped);
    for (const project of projects) {
      const result = renderUserData(project, { GIT_USER: 'octo-cat', GIT_BRANCH: 'feature/login+retry_v1.2' });
      expect(result.userData.startsWith('#!/bin/bash\n')).toBe(true);
      expect(result.userData).toContain("BRANCH='feature/login+retry_v1.2'");
      // Parsed by bash on Linux and macOS. Not on Windows: its `bash` may be WSL's launcher rather
      // than a shell, and the rendered text is the same on every OS.
      if (process.platform === 'win32') continue;
      const check = spawnSync('bash', ['-n'], { input: result.userData, encoding: 'utf8' });
      expect({ id: project.detail.id, stderr: check.stderr, status: check.status }).toEqual({ id: project.detail.id, stderr: '', status: 0 });
    }
  });
});

describe('the shipped django-app', () => {
  const bash = (script: string) => spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  const django = async () => (await loadCatalog(shipped)).projects.find((p) => p.detail.id === 'django-app')!;

  test('declares its package and typed options, and has an env file without secrets referenced by default', async () => {
    const { detail, envValues } = await django();
    expect(detail.package).toBe('django_app');
    expect(detail.options.map(({ name, type, default: value, description }) => ({ name, type, value, description }))).toEqual([
      { name: 'workers', type: 'int', value: '3', description: 'gunicorn workers' },
      { name: 'debug', type: 'bool', value: 'false', description: 'Django DEBUG' },
    ]);
    expect(detail.options[0]).toMatchObject({ min: 1, max: 16 });
    expect(detail.envFile).toEqual({ file: 'projects/django-app.env', entries: [{ key: 'DJANGO_ALLOWED_HOSTS', line: expect.any(Number), reference: null }] });
    expect(envValues).toEqual({ DJANGO_ALLOWED_HOSTS: '*' });
    // Referencing a secret by default would make every launch of it need an instance role.
    expect(detail.iamInstanceProfile).toBeNull();
  });

  test('clones the branch without a revision, with the option defaults', async () => {
    const { userData } = renderUserData(await django(), { GIT_USER: 'octo-cat', GIT_BRANCH: 'feature/x' });
    expect(userData).toContain("WORKERS='3'\nDEBUG='false'\nREVISION=''\nREVISION_URL=''\nREVISION_SHA256=''\n");
    expect(userData).toContain('git clone --depth 1 --single-branch --branch "$BRANCH"');
    expect(userData).toContain('--workers ${WORKERS} ');
    if (process.platform !== 'win32') expect(bash(userData)).toMatchObject({ stderr: '', status: 0 });
  });

  test('with a revision, downloads it, checks its SHA-256 and unpacks it instead of cloning, all values quoted', async () => {
    const url = "https://bucket.s3.eu-west-1.amazonaws.com/django_app/django_app.2026-12-01.tar.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc'$(reboot)";
    const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const { userData } = renderUserData(await django(), {
      GIT_USER: 'octo-cat',
      GIT_BRANCH: 'main',
      OPTIONS: { workers: '8', debug: 'true' },
      REVISION: 'django_app.2026-12-01',
      REVISION_BUCKET: 'releases',
      REVISION_URL: url,
      REVISION_SHA256: sha,
    });
    expect(userData).toContain("WORKERS='8'\nDEBUG='true'\nREVISION='django_app.2026-12-01'\n");
    expect(userData).toContain(`REVISION_URL='${url.replace(/'/g, `'\\''`)}'\n`);
    expect(userData).toContain(`REVISION_SHA256='${sha}'\n`);
    expect(userData).toMatch(/curl -fsSL .* -o "\$PACKAGE" "\$REVISION_URL"/);
    expect(userData).toContain('sha256sum --check --status -');
    expect(userData).toContain('tar -xzf "$PACKAGE" -C "$APP_DIR" --no-same-owner');
    expect(userData).toContain('cat /etc/flotilla/env >> /etc/django-app.env');
    if (process.platform !== 'win32') expect(bash(userData)).toMatchObject({ stderr: '', status: 0 });
  });
});

/**
 * The django-app's package step run for real in bash: the script's lines from
 * `if [ -n "$REVISION_URL" ]` to their `fi`, with curl fetching a file:// URL (no network).
 */
describe('the django-app package step, run', () => {
  const tools = ['bash', 'curl', 'tar', 'sha256sum'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  const why = process.platform === 'win32' ? 'not on Windows' : tools.length > 0 ? `needs ${tools.join(', ')}` : null;

  async function packageStep(): Promise<string> {
    const { projects } = await loadCatalog(shipped);
    const { userData } = renderUserData(projects.find((p) => p.detail.id === 'django-app')!, { GIT_USER: 'o', GIT_BRANCH: 'main' });
    const lines = userData.split('\n');
    const start = lines.indexOf('if [ -n "$REVISION_URL" ]; then');
    const end = lines.indexOf('fi', start);
    expect(start).toBeGreaterThan(0);
    return lines.slice(start, end + 1).join('\n');
  }

  test.skipIf(why !== null)(`unpacks a verified package into the app folder, and stops the boot on a wrong SHA-256${why ? ` (skipped: ${why})` : ''}`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'flotilla-django-'));
    try {
      await mkdir(join(root, 'release'));
      await writeFile(join(root, 'release', 'manage.py'), 'print("hi")\n');
      expect(spawnSync('tar', ['-czf', join(root, 'pkg.tar.gz'), '-C', join(root, 'release'), '.']).status).toBe(0);
      const sha = createHash('sha256').update(await readFile(join(root, 'pkg.tar.gz'))).digest('hex');
      const step = await packageStep();
      const run = (app: string, digest: string) =>
        spawnSync('bash', ['-c', `set -euo pipefail\n${step}\necho unpacked`], {
          encoding: 'utf8',
          env: { PATH: process.env['PATH'], APP_DIR: join(root, app), REVISION: 'django_app.r1', REVISION_URL: pathToFileURL(join(root, 'pkg.tar.gz')).href, REVISION_SHA256: digest },
        });
      const good = run('app', sha);
      expect({ status: good.status, stdout: good.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('unpacked') });
      expect(await readFile(join(root, 'app', 'manage.py'), 'utf8')).toBe('print("hi")\n');
      const bad = run('bad', '0'.repeat(64));
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain(`flotilla: django_app.r1 does not match its SHA-256 ${'0'.repeat(64)}; stopping`);
      expect(bad.stdout).not.toContain('unpacked');
      await expect(readFile(join(root, 'bad', 'manage.py'))).rejects.toThrow();
      const unverified = run('plain', '');
      expect(unverified.stdout).toContain('django_app.r1 has no recorded SHA-256; unpacking it unverified');
      expect(unverified.status).toBe(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('test/fixtures/projects-broken', () => {
  test('has the problems the end-to-end tests rely on', async () => {
    const { projects } = await loadCatalog(brokenFixtures);
    const byId = Object.fromEntries(projects.map((p) => [p.detail.id, p.detail]));
    expect(Object.keys(byId)).toEqual(['butter', 'static-site', 'syntax']);
    expect(byId['static-site']!.state).toBe('valid');
    expect(byId.butter!.problems.map((p) => p.text)).toEqual([
      `projects-broken/butter.sh:1: missing required key 'ready-url'; add a line such as "# fleeting-meta:ready-url = http://localhost:8080/health"`,
      "projects-broken/butter.sh:3: image-id 'ami-2bb7d44' is not an AMI id (ami- followed by 8 or 17 hex digits)",
      "projects-broken/butter.sh:6: unknown key 'redy-url'; did you mean 'ready-url'?",
    ]);
    expect(byId.syntax!.problems.map((p) => p.text)).toEqual(['projects-broken/syntax.sh.njk:11: template syntax error: unknown block tag: endfi']);
  });
});
