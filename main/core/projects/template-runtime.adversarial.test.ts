/**
 * Standing adversarial suite for the render-time layer alone (issue 11, item 4): the payloads are
 * compiled WITHOUT the load-time guard, as if it had missed them, and rendered with the sandboxed
 * runtime; none may run code. A control renders a few with plain nunjucks to prove they are live.
 * (Names that inject JavaScript into nunjucks' generated code are left out here: only the
 * load-time guard can stop those, before compiling; template-escape.adversarial.test.ts covers them.)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { CODE_PAYLOADS, writeCode, type Payload } from './adversarial-payloads.test-helpers';
import { createTemplateEnvironment } from './template';
import { boundedRange, createRuntime, sandboxTemplate, templateContext, TEMPLATE_LIMITS } from './template-runtime';

const VARS = { GIT_USER: 'octocat', GIT_BRANCH: 'main', ENV: { API_URL: 'https://x' }, REVISION: 'r1', REVISION_BUCKET: 'b' };
const RUNTIME_PAYLOADS = CODE_PAYLOADS.filter((p) => !p.name.startsWith('compiled-name injection'));

let scratch: string;
let counter = 0;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flotilla-runtime-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
const fresh = () => join(scratch, `marker-${++counter}`);

/** Compiles without the guard; answers the output or the error message. */
function renderUnguarded(source: string, sandboxed: boolean): string {
  try {
    const template = new nunjucks.Template(source, sandboxed ? createTemplateEnvironment() : new nunjucks.Environment([]), 'x.sh', true);
    if (sandboxed) sandboxTemplate(template);
    return template.render(sandboxed ? templateContext(VARS) : { ...VARS });
  } catch (err) {
    return String(err);
  }
}

describe('the sandboxed runtime on its own', () => {
  test.each(RUNTIME_PAYLOADS.map((p): [string, Payload] => [p.name, p]))('%s: runs nothing', (_name, payload) => {
    const marker = fresh();
    const result = renderUnguarded(payload.body(writeCode(marker)), true);
    expect(existsSync(marker)).toBe(false);
    expect(result).toMatch(/Error: refused: /);
  });

  test('control: plain nunjucks does run these payloads (the corpus is live)', () => {
    for (const name of ['range.constructor (issue 11)', 'ENV.constructor chain', 'bare valueOf symbol (returns the context)', 'caller.constructor']) {
      const marker = fresh();
      renderUnguarded(CODE_PAYLOADS.find((p) => p.name === name)!.body(writeCode(marker)), false);
      expect(existsSync(marker), name).toBe(true);
    }
  });

  test('variables become frozen plain data; functions and class instances are refused', () => {
    const context = templateContext({ GIT_USER: 'o', ENV: { A: 'x' }, LIST: [1, { b: 2 }] });
    expect(Object.isFrozen(context.ENV)).toBe(true);
    expect(Object.isFrozen((context.LIST as unknown[])[1])).toBe(true);
    expect(() => templateContext({ F: () => 1 })).toThrow(/refused: variable F is a function/);
    expect(() => templateContext({ D: new Date(0) })).toThrow(/refused: variable D/);
    expect(() => templateContext({ __proto__x: 1 })).toThrow(/refused/);
    const evil = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const copy = templateContext({ ENV: evil }).ENV as object;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test('functions are never output nor handed to filters', () => {
    expect(renderUnguarded('{{ range }}', true)).toMatch(/refused: a function cannot be output/);
    expect(renderUnguarded('{{ range | string }}', true)).toMatch(/refused: filter 'string' was given a function/);
    expect(renderUnguarded('{{ GIT_USER | replace("o", range) }}', true)).toMatch(/refused: filter 'replace' was given a function/);
    expect(renderUnguarded('{{ later() }}{% macro later() %}{% endmacro %}', true)).toMatch(/refused: 'later' is not defined here/);
  });

  test('range() is bounded, loops, calls, output and widths are bounded', () => {
    expect(() => boundedRange(TEMPLATE_LIMITS.rangeItems + 1)).toThrow(/refused: range\(\) can make at most/);
    expect(boundedRange(2, 8, 3)).toEqual([2, 5]);
    expect(boundedRange(3, 0, -1)).toEqual([3, 2, 1]);
    expect(renderUnguarded('{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}', true)).toMatch(/refused: loops go through more than/);
    expect(renderUnguarded('{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}', true)).toMatch(/refused|call stack/);
    expect(renderUnguarded('{% for i in range(1000) %}{{ "x" | center(2000) }}{% endfor %}', true)).toMatch(/refused: the output is longer than/);
    expect(renderUnguarded('{{ "x" | indent(100000000) }}', true)).toMatch(/refused: filter 'indent' takes a width of at most/);
  });
});

describe('the render deadline', () => {
  test('stops a render whose clock has run out, at the next write, lookup or call', () => {
    let clock = 0;
    const runtime = createRuntime({ now: () => clock });
    const frame = new runtime.Frame();
    frame.set('a', 1);
    clock = TEMPLATE_LIMITS.renderMs + 1;
    expect(() => frame.set('b', 2)).toThrow(/refused: the render took longer than/);
    expect(() => frame.push().set('c', 3)).toThrow(/refused: the render took longer than/);
    expect(() => runtime.memberLookup({ a: 1 }, 'a')).toThrow(/refused: the render took longer than/);
  });

  test('a sandboxed template checks the clock while it renders', () => {
    let clock = 0;
    const template = new nunjucks.Template('{% set a = 1 %}{{ a }}', createTemplateEnvironment(), 'x.sh', true);
    sandboxTemplate(template, { now: () => clock });
    expect(template.render({})).toBe('1');
    const slow = new nunjucks.Template('{% set a = 1 %}{{ a }}', createTemplateEnvironment(), 'x.sh', true);
    sandboxTemplate(slow, { now: () => (clock += TEMPLATE_LIMITS.renderMs) });
    expect(() => slow.render({})).toThrow(/refused: the render took longer than/);
  });
});
