import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { displayDir, envFileIdOf, loadCatalog, projectIdOf } from './catalog';
import { goodSource, tempProjects } from './projects.test-helpers';

describe('projectIdOf', () => {
  test.each([
    ['butter.sh', 'butter'],
    ['node-webapp.sh.njk', 'node-webapp'],
    ['My_App.sh', 'My_App'],
  ])('%s is project %s', (name, id) => {
    expect(projectIdOf(name)).toBe(id);
  });

  test.each(['README.md', 'x.bash', 'x.sh.bak', 'x.njk', '.hidden.sh', 'x.sh~', 'a.b.sh', 'x.sh.njk.orig', 'sh'])('ignores %s', (name) => {
    expect(projectIdOf(name)).toBeNull();
  });
});

describe('envFileIdOf', () => {
  test.each([
    ['django-app.env', 'django-app'],
    ['My_App.env', 'My_App'],
  ])('%s is the env file of %s', (name, id) => {
    expect(envFileIdOf(name)).toBe(id);
  });

  test.each(['.env', 'x.env.bak', 'x.sh.env', 'x.envrc', 'env', 'x.env~'])('ignores %s', (name) => {
    expect(envFileIdOf(name)).toBeNull();
  });
});

describe('displayDir', () => {
  test('is the folder name', () => {
    expect(displayDir('/home/me/work/projects/')).toBe('projects');
    expect(displayDir('/tmp/x/projects')).toBe('projects');
  });
});

describe('loadCatalog', () => {
  test('loads the projects sorted by id, ignoring other files and folders', async () => {
    const t = await tempProjects({
      'zeta.sh': goodSource(),
      'alpha.sh.njk': goodSource(),
      'README.md': '# notes',
      'notes.txt': 'x',
    });
    try {
      await mkdir(join(t.dir, 'sub'));
      await writeFile(join(t.dir, 'sub', 'inner.sh'), goodSource());
      const catalog = await loadCatalog(t.dir);
      expect(catalog.folderError).toBeNull();
      expect(catalog.projects.map((p) => [p.detail.id, p.detail.file, p.detail.state])).toEqual([
        ['alpha', 'projects/alpha.sh.njk', 'valid'],
        ['zeta', 'projects/zeta.sh', 'valid'],
      ]);
    } finally {
      await t.cleanup();
    }
  });

  test('lists a broken project with its errors without hiding the others', async () => {
    const t = await tempProjects({ 'good.sh': goodSource(), 'broken.sh': '{% if %}', 'empty.sh': '' });
    try {
      const { projects } = await loadCatalog(t.dir);
      expect(projects.map((p) => [p.detail.id, p.detail.state])).toEqual([
        ['broken', 'errors'],
        ['empty', 'errors'],
        ['good', 'valid'],
      ]);
      expect(projects[1]!.detail.errorCount).toBe(5);
    } finally {
      await t.cleanup();
    }
  });

  test('reports two files defining the same id', async () => {
    const t = await tempProjects({ 'dup.sh': goodSource(), 'dup.sh.njk': goodSource() });
    try {
      const { projects } = await loadCatalog(t.dir);
      expect(projects).toHaveLength(1);
      expect(projects[0]!.detail).toMatchObject({ id: 'dup', file: 'projects/dup.sh', state: 'errors' });
      expect(projects[0]!.detail.problems[0]!.text).toBe(
        "projects/dup.sh: projects/dup.sh.njk also defines project 'dup'; rename or remove one of the two files",
      );
    } finally {
      await t.cleanup();
    }
  });

  test('answers an empty catalog for a folder that does not exist', async () => {
    const t = await tempProjects();
    try {
      expect(await loadCatalog(t.dir)).toEqual({ projects: [], folderError: null });
    } finally {
      await t.cleanup();
    }
  });

  test('reports a folder that is a file', async () => {
    const t = await tempProjects({ 'x.sh': goodSource() });
    try {
      const catalog = await loadCatalog(join(t.dir, 'x.sh'));
      expect(catalog.projects).toEqual([]);
      expect(catalog.folderError).toMatch(/ENOTDIR/);
    } finally {
      await t.cleanup();
    }
  });

  test("loads each project's env file with it, and ignores an env file without a template", async () => {
    const t = await tempProjects({
      'app.sh.njk': goodSource(),
      'app.env': 'API_URL=https://api\nDB_PASSWORD=ssm:/app/db\n',
      'other.sh': goodSource(),
      'stray.env': 'this is not=an env file\nnonsense\n',
      '.env': 'A=1',
    });
    try {
      const { projects } = await loadCatalog(t.dir);
      expect(projects.map((p) => [p.detail.id, p.detail.state, p.detail.envFile?.file ?? null])).toEqual([
        ['app', 'valid', 'projects/app.env'],
        ['other', 'valid', null],
      ]);
      expect(projects[0]!.envValues).toEqual({ API_URL: 'https://api', DB_PASSWORD: 'ssm:/app/db' });
      expect(projects[1]!.envValues).toEqual({});
    } finally {
      await t.cleanup();
    }
  });

  test('refuses an env file that is a symbolic link to a file outside the folder, without reading it', async () => {
    const t = await tempProjects({ 'app.sh': goodSource() });
    try {
      await writeFile(join(t.root, 'credentials'), 'AWS_SECRET_ACCESS_KEY=TOPSECRET0123\n');
      await symlink(join(t.root, 'credentials'), join(t.dir, 'app.env'));
      const { projects } = await loadCatalog(t.dir);
      const app = projects[0]!;
      expect(app.detail.problems.map((p) => p.text)).toEqual([
        'projects/app.env: this is a symbolic link; an env file must be a regular file in the projects folder',
      ]);
      expect(app.detail).toMatchObject({ state: 'errors', envFile: { file: 'projects/app.env', entries: [] } });
      expect(app.envValues).toEqual({});
      expect(JSON.stringify(app)).not.toContain('TOPSECRET');
    } finally {
      await t.cleanup();
    }
  });

  test('keeps the env file of a project whose template cannot be read', async () => {
    const t = await tempProjects({ 'app.env': 'A=1' });
    try {
      await mkdir(join(t.dir, 'app.sh'));
      const [app] = (await loadCatalog(t.dir)).projects;
      // A folder named app.sh is skipped by the listing; a link to nowhere is a file entry.
      expect(app).toBeUndefined();
      await symlink(join(t.root, 'nowhere'), join(t.dir, 'app.sh.njk'));
      const [linked] = (await loadCatalog(t.dir)).projects;
      expect(linked!.detail.problems.map((p) => p.text)).toEqual(['projects/app.sh.njk: this is a symbolic link; a project file must be a regular file in the projects folder']);
      expect(linked!.detail.envFile).toEqual({ file: 'projects/app.env', entries: [{ key: 'A', line: 1, reference: null }] });
    } finally {
      await t.cleanup();
    }
  });
});
