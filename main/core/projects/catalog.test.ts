import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { displayDir, loadCatalog, projectIdOf } from './catalog';
import { goodSource, tempProjects } from './test-support';

describe('projectIdOf', () => {
  it.each([
    ['butter.sh', 'butter'],
    ['node-webapp.sh.njk', 'node-webapp'],
    ['My_App.sh', 'My_App'],
  ])('%s is project %s', (name, id) => {
    expect(projectIdOf(name)).toBe(id);
  });

  it.each(['README.md', 'x.bash', 'x.sh.bak', 'x.njk', '.hidden.sh', 'x.sh~', 'a.b.sh', 'x.sh.njk.orig', 'sh'])('ignores %s', (name) => {
    expect(projectIdOf(name)).toBeNull();
  });
});

describe('displayDir', () => {
  it('is the folder name', () => {
    expect(displayDir('/home/me/work/projects/')).toBe('projects');
    expect(displayDir('/tmp/x/projects')).toBe('projects');
  });
});

describe('loadCatalog', () => {
  it('loads the projects sorted by id, ignoring other files and folders', async () => {
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

  it('lists a broken project with its errors without hiding the others', async () => {
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

  it('reports two files defining the same id', async () => {
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

  it('answers an empty catalog for a folder that does not exist', async () => {
    const t = await tempProjects();
    try {
      expect(await loadCatalog(t.dir)).toEqual({ projects: [], folderError: null });
    } finally {
      await t.cleanup();
    }
  });

  it('reports a folder that is a file', async () => {
    const t = await tempProjects({ 'x.sh': goodSource() });
    try {
      const catalog = await loadCatalog(join(t.dir, 'x.sh'));
      expect(catalog.projects).toEqual([]);
      expect(catalog.folderError).toMatch(/ENOTDIR/);
    } finally {
      await t.cleanup();
    }
  });
});
