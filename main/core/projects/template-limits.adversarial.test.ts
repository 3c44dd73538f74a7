/**
 * Adversarial suite for the render limits (issue 11): a render is meant to end within
 * TEMPLATE_LIMITS.renderMs and bounded memory, however hostile the template. The clock is only
 * read at variable writes, lookups, calls and output, so anything that runs long BETWEEN those
 * points escapes the deadline; each test here is one such gap.
 */
import { compileTemplate } from './template';
import { TEMPLATE_LIMITS } from './template-runtime';

const VARS = { GIT_USER: 'octocat', GIT_BRANCH: 'main' };
/** Slack over the deadline for the one step that was running when it passed. */
const SLACK_MS = 1_000;
/** The worker is stopped at renderMs + RENDER_WORKER_GRACE_MS (1 s); slack for the stop itself. */
const WORKER_SLACK_MS = 2_000;

function timedRender(source: string): { ms: number; text: string } {
  const compiled = compileTemplate(source, 'x.sh');
  if (!compiled.ok) throw new Error(`unexpectedly refused at load: ${compiled.findings.map((f) => f.message).join('; ')}`);
  const start = performance.now();
  const result = compiled.template.render(VARS);
  return { ms: performance.now() - start, text: result.ok ? result.output : result.finding.message };
}

/** `{% set NAME = ... %}`: 10 000 spaces doubled `doublings` times. */
function spaces(name: string, doublings: number): string {
  return `{% set ${name} = "" | center(10000) %}` + `{% set ${name} = ${name} ~ ${name} %}`.repeat(doublings);
}

describe('render limits that a single step could outrun', () => {
  test('trim on crafted whitespace (quadratic regular expression) ends by the deadline', () => {
    // nunjucks' trim is str.replace(/^\s*|\s*$/g, ''): "x" + n spaces + "x" costs n^2 steps.
    const { ms, text } = timedRender(`${spaces('p', 3)}{{ ("x" ~ p ~ "x") | trim | length }}`);
    expect(ms).toBeLessThan(TEMPLATE_LIMITS.renderMs + SLACK_MS);
    expect(text).toBe('80002');
  }, 120_000);

  test('a long chain of filters in one expression is stopped by the deadline', () => {
    // No variable is written or looked up between two filters of one chain.
    const { ms, text } = timedRender(`${spaces('s', 6)}{{ s${' | list | sort | join'.repeat(100)} | length }}`);
    expect(ms).toBeLessThan(TEMPLATE_LIMITS.renderMs + SLACK_MS);
    // Its lists of 640 000 one-character strings may hit the worker's memory cap first.
    expect(text).toMatch(/template refused: the render (took longer than|used more than 256 MB of memory)/);
  }, 120_000);

  test('batch cannot be told to build millions of items (its line count is a width like slice\'s)', () => {
    // batch(n, fill) pads the last line to n items: batch(1e9, 1) exhausts the heap and kills the process.
    const { text } = timedRender('{{ [1] | batch(3000000, 1) | first | length }}');
    expect(text).toMatch(/template refused: filter 'batch' takes a width of at most/);
  });

  // Operators between two clock checks. Macro arguments and loop variables are JavaScript locals
  // in nunjucks' generated code (no lookup, so no clock check), and `<` on a list joins it into
  // text: with a list of 200 references to a 640 000-character text, each `a < a` builds two
  // 128M-character strings. One expression of N such comparisons runs N times that long (41 took
  // 10 s in-process; a 1 MB file fits ~80 000). The in-process clock cannot stop this; the render
  // runs in a worker thread (render-worker.ts) that is terminated at the deadline.
  test('comparisons of huge lists in one expression are stopped by the deadline', () => {
    const { ms, text } = timedRender(
      `${spaces('s', 6)}{% set big = [1] | batch(200, s) | first %}` +
        `{% macro m(a) %}{{ (a < a)${' or (a < a)'.repeat(40)} }}{% endmacro %}{{ m(big) }}`,
    );
    expect(ms).toBeLessThan(TEMPLATE_LIMITS.renderMs + WORKER_SLACK_MS);
    // Stopped by the clock, or by the memory its 128M-character strings take, whichever first.
    expect(text).toMatch(/^template refused: the render (took longer than 3 s|used more than 256 MB of memory) \(stopped\)$/);
  }, 120_000);

  test('many comparisons of mid-sized lists (CPU, not memory) are stopped by the clock', () => {
    // 80 000 characters x 200 references: each `a < a` builds two 16M-character strings that are
    // garbage at once, so memory stays low while 600 of them take far longer than the deadline.
    const { ms, text } = timedRender(
      `${spaces('s', 3)}{% set big = [1] | batch(200, s) | first %}` +
        `{% macro m(a) %}{{ (a < a)${' or (a < a)'.repeat(600)} }}{% endmacro %}{{ m(big) }}`,
    );
    expect(ms).toBeLessThan(TEMPLATE_LIMITS.renderMs + WORKER_SLACK_MS);
    expect(text).toBe('template refused: the render took longer than 3 s (stopped)');
  }, 120_000);

  test('a render that holds gigabytes is stopped and the process survives', () => {
    // Each `a ~ N` joins the 200-reference list into a new flat 128M-character string; the list
    // holds 12 of them at once (1.5 GB), which no limit counted (no output, no filter text).
    // In-process this grows the host's heap (and a few more items kill it); the worker has a
    // fixed heap and is stopped when it runs out.
    const items = Array.from({ length: 12 }, (_, i) => `(a ~ ${i})`).join(', ');
    const { ms, text } = timedRender(
      `${spaces('s', 6)}{% set big = [1] | batch(200, s) | first %}` +
        `{% macro m(a) %}{{ [${items}] | length }}{% endmacro %}{{ m(big) }}`,
    );
    expect(ms).toBeLessThan(TEMPLATE_LIMITS.renderMs + WORKER_SLACK_MS);
    expect(text).toBe('template refused: the render used more than 256 MB of memory (stopped)');
    // The host is unharmed and the next render gets a fresh worker.
    expect(timedRender('{{ GIT_USER }}').text).toBe('octocat');
  }, 120_000);
});
