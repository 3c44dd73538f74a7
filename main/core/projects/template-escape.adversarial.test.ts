/**
 * Standing adversarial suite (issue 11, item 4): listing, checking or rendering a template must
 * never run code on this machine nor read a file. Every payload is a known nunjucks/Jinja escape;
 * if one got through it would write a marker file in a temporary folder or print a secret file.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_PAYLOADS, fileReadPayloads, readCode, spawnCode, writeCode, type Payload } from './adversarial-payloads.test-helpers';
import { loadCatalog } from './catalog';
import { compileTemplate } from './template';
import { goodSource, tempProjects } from './projects.test-helpers';
import { renderUserData } from './user-data';

/** goodSource puts its body on line 8. */
const BODY_LINE = 8;
const VARS = { GIT_USER: 'octocat', GIT_BRANCH: 'main', ENV: { API_URL: 'https://x' }, REVISION: 'r1', REVISION_BUCKET: 'b' };

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flotilla-escape-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let counter = 0;
function freshPath(name: string): string {
  counter++;
  return join(scratch, `${name}-${counter}`);
}

/** Loads `body` as projects/evil.sh.njk the way the app and the CLI do, then tries every way to render it. */
async function loadAndRender(body: string): Promise<{ texts: string[]; outputs: string[]; state: string }> {
  const folder = await tempProjects({ 'evil.sh.njk': goodSource(body) });
  try {
    const catalog = await loadCatalog(folder.dir);
    const project = catalog.projects[0]!;
    const outputs: string[] = [];
    try {
      outputs.push(renderUserData(project, VARS).userData);
    } catch (err) {
      outputs.push(String(err));
    }
    // The compiled template itself, skipping the project's error check.
    const rendered = project.template?.render(VARS);
    if (rendered) outputs.push(rendered.ok ? rendered.output : rendered.finding.message);
    // And a direct compile, as any future caller would.
    const compiled = compileTemplate(goodSource(body), 'projects/evil.sh.njk');
    if (compiled.ok) {
      const direct = compiled.template.render(VARS);
      outputs.push(direct.ok ? direct.output : direct.finding.message);
    }
    return { texts: project.detail.problems.map((p) => p.text), outputs, state: project.detail.state };
  } finally {
    await folder.cleanup();
  }
}

function expectRefusedAtLoad(result: { texts: string[]; state: string }): void {
  expect(result.state).toBe('errors');
  expect(result.texts.some((t) => t.startsWith(`projects/evil.sh.njk:${BODY_LINE}: template`))).toBe(true);
}

describe('template escapes run no code', () => {
  test.each(CODE_PAYLOADS.map((p): [string, Payload] => [p.name, p]))('%s: writes nothing, refused at load with file:line', async (_name, payload) => {
    const marker = freshPath('marker');
    const result = await loadAndRender(payload.body(writeCode(marker)));
    expect(existsSync(marker)).toBe(false);
    expectRefusedAtLoad(result);
  });

  test('the payload of issue 11 (execSync touch) spawns nothing', async () => {
    const marker = freshPath('touched');
    const result = await loadAndRender(`{{ range.constructor("${spawnCode(marker).replace(/"/g, "'")}")() }}`);
    expect(existsSync(marker)).toBe(false);
    expectRefusedAtLoad(result);
  });
});

describe('template escapes read no file', () => {
  let secret: string;
  const content = `SECRET-${process.pid}-${Date.now()}`;
  beforeAll(async () => {
    secret = freshPath('secret');
    await writeFile(secret, content);
  });

  test.each(CODE_PAYLOADS.slice(0, 12).map((p): [string, Payload] => [p.name, p]))('%s: the secret never shows', async (_name, payload) => {
    const result = await loadAndRender(payload.body(readCode(secret)));
    for (const text of [...result.outputs, ...result.texts]) expect(text).not.toContain(content);
    expectRefusedAtLoad(result);
  });

  test('include, import, from-import and extends read no file', async () => {
    for (const payload of fileReadPayloads(secret)) {
      const result = await loadAndRender(payload.body(''));
      for (const text of [...result.outputs, ...result.texts]) expect(text).not.toContain(content);
      expectRefusedAtLoad(result);
    }
  });
});

describe('template renders are bounded', () => {
  test('a huge range is refused instead of filling memory', async () => {
    const result = await loadAndRender('{{ range(10000000) | length }}');
    expect(result.state).toBe('errors');
    expect(result.texts.join('\n')).toMatch(/range/);
  });

  test('a macro that calls itself twice per level is stopped', async () => {
    const bomb = '{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(16) }}';
    const result = await loadAndRender(bomb);
    expect(result.state).toBe('errors');
    expect(result.texts.join('\n')).toMatch(/calls/);
  });
});
