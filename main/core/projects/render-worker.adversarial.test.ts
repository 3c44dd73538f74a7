/**
 * The render worker (render-worker.ts) as the catalog uses it: a project whose render must be
 * stopped is listed with the reason, the projects beside it load as usual, and previews of a
 * good project still render afterwards (a fresh worker replaced the stopped one).
 */
import { loadCatalog } from './catalog';
import { renderUserData } from './user-data';
import { goodSource, tempProjects } from './projects.test-helpers';

/** 640 000 spaces, as a list of 200 references: `a < a` joins it into two 128M-character strings. */
const BIG = `{% set s = "" | center(10000) %}${'{% set s = s ~ s %}'.repeat(6)}{% set big = [1] | batch(200, s) | first %}`;

describe('catalog load with projects whose render is stopped', () => {
  test('lists the stopped projects with why, loads the others, and renders afterwards', async () => {
    const projects = await tempProjects({
      'a-good.sh': goodSource(),
      'slow.sh.njk': goodSource(`${BIG}{% macro m(a) %}{{ (a < a)${' or (a < a)'.repeat(40)} }}{% endmacro %}{{ m(big) }}`),
      'memory.sh.njk': goodSource(`${BIG}{% macro m(a) %}{{ [${Array.from({ length: 12 }, (_, i) => `(a ~ ${i})`).join(', ')}] | length }}{% endmacro %}{{ m(big) }}`),
      'z-good.sh': goodSource('echo {{ GIT_USER | shq }}'),
    });
    try {
      const start = performance.now();
      const catalog = await loadCatalog(projects.dir);
      expect(performance.now() - start).toBeLessThan(2 * (3_000 + 2_000));
      const byId = Object.fromEntries(catalog.projects.map((p) => [p.detail.id, p]));
      for (const id of ['slow', 'memory']) {
        expect(byId[id]!.detail.state).toBe('errors');
        expect(byId[id]!.detail.problems.map((p) => p.text)).toContainEqual(
          expect.stringMatching(new RegExp(`^projects/${id}\\.sh\\.njk: template refused: the render (took longer than 3 s|used more than 256 MB of memory) \\(stopped\\)$`)),
        );
      }
      expect(byId['a-good']!.detail.state).toBe('valid');
      expect(byId['z-good']!.detail.state).toBe('valid');
      expect(renderUserData(byId['z-good']!, { GIT_USER: 'octocat', GIT_BRANCH: 'main' }).userData).toContain("echo 'octocat'");
      expect(renderUserData(byId['a-good']!, { GIT_USER: 'octocat', GIT_BRANCH: 'dev' }).userData).toContain("echo 'dev'");
    } finally {
      await projects.cleanup();
    }
  }, 60_000);
});
