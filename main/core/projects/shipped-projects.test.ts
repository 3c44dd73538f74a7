import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from './catalog';
import { renderUserData } from './user-data';

const shipped = fileURLToPath(new URL('../../../projects', import.meta.url));
const brokenFixtures = fileURLToPath(new URL('../../../test/fixtures/projects-broken', import.meta.url));

describe('the shipped projects/ folder', () => {
  it('has at least three projects, every one valid with no warnings', async () => {
    const { projects, folderError } = await loadCatalog(shipped);
    expect(folderError).toBeNull();
    expect(projects.length).toBeGreaterThanOrEqual(3);
    for (const { detail } of projects) {
      expect({ id: detail.id, problems: detail.problems.map((p) => p.text) }).toEqual({ id: detail.id, problems: [] });
      expect(detail.state).toBe('valid');
      expect(detail.meta).toMatchObject({ 'ssh-user': expect.any(String), region: expect.any(String), ttl: expect.any(String), tags: expect.any(String) });
    }
  });

  it('renders each project to a bash script that parses, with the values quoted', async () => {
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

describe('test/fixtures/projects-broken', () => {
  it('has the problems the end-to-end tests rely on', async () => {
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
