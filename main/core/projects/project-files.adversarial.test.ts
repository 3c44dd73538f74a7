/**
 * Adversarial suite for how project files are read (issue 11): a projects folder comes from a pull
 * request, and git checks symbolic links out as links. Listing, checking or rendering a project
 * must never read a file outside the projects folder, e.g. a link to ~/.aws/credentials or to
 * /proc/self/environ (a "regular file" of size 0 holding the CI runner's secrets).
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from './catalog';
import { loadProjectFile } from './load-project';
import { goodSource, tempProjects } from './projects.test-helpers';

const SECRET = 'aws_secret_access_key = TOPSECRET-0123456789';

describe('project files that are symbolic links', () => {
  test('a link to a file outside the folder is not read: its content is neither shown nor rendered', async () => {
    const { root, dir, cleanup } = await tempProjects();
    try {
      await mkdir(dir);
      const secret = join(root, 'credentials');
      // The "secret" is a valid project, so nothing but the link itself can stop it being rendered.
      await writeFile(secret, goodSource(`echo ${SECRET}`));
      await symlink(secret, join(dir, 'leak.sh'));
      const { projects } = await loadCatalog(dir);
      const leak = projects.find((p) => p.detail.id === 'leak')!;
      expect(leak.detail.source).not.toContain(SECRET);
      const rendered = leak.template?.render({ GIT_USER: 'o', GIT_BRANCH: 'main' });
      expect(rendered?.ok ? rendered.output : '').not.toContain(SECRET);
      expect(leak.detail.problems.map((p) => p.text).join('\n')).toMatch(/symbolic link/);
      expect(leak.detail.state).toBe('errors');
    } finally {
      await cleanup();
    }
  });

  test('loadProjectFile refuses a link even when it points at a regular file', async () => {
    const { root, cleanup } = await tempProjects();
    try {
      const secret = join(root, 'credentials');
      await writeFile(secret, goodSource(`echo ${SECRET}`));
      await symlink(secret, join(root, 'link.sh'));
      const project = await loadProjectFile(join(root, 'link.sh'), 'link', 'projects/link.sh');
      expect(project.detail.source).not.toContain(SECRET);
      expect(project.template).toBeNull();
    } finally {
      await cleanup();
    }
  });
});
