import { compileTemplate, SAMPLE_VARS } from './template';
import { guardTemplate, isDataProperty, isVariableName } from './template-guard';

function render(source: string, vars = SAMPLE_VARS): string {
  const compiled = compileTemplate(source, 'x.sh');
  if (!compiled.ok) throw new Error(compiled.findings.map((f) => `${f.line}: ${f.message}`).join('\n'));
  const result = compiled.template.render(vars);
  if (!result.ok) throw new Error(result.finding.message);
  return result.output;
}

const refusals = (source: string) => guardTemplate(source).map((f) => `${f.line}: ${f.message}`);

describe('what templates can still do', () => {
  const vars = {
    ...SAMPLE_VARS,
    GIT_BRANCH: 'feature/x',
    ENV: { API_URL: 'https://api', B: 'two' },
    OPTIONS: { workers: '4', debug: 'false' },
    REVISION: 'r7',
    REVISION_URL: 'https://bucket/r?X-Amz-Signature=ab',
    REVISION_SHA256: 'cafe',
  };

  test.each([
    ['variables, entries and shq', '{{ GIT_BRANCH | shq }} {{ ENV.API_URL }} {{ ENV["B"] }} {{ REVISION }}', `'feature/x' https://api two r7`],
    ['loops over entries with loop variables', '{% for k, v in ENV %}{{ loop.index }}:{{ k }}={{ v }}{% if not loop.last %},{% endif %}{% endfor %}', '1:API_URL=https://api,2:B=two'],
    ['range, _ as a loop variable, else', '{% for _ in range(3) %}.{% endfor %}{% for x in [] %}x{% else %}none{% endfor %}', '...none'],
    ['set, set blocks, arithmetic, comparisons, inline if', '{% set n = 2 * 3 + 1 %}{% set t %}T{{ n }}{% endset %}{{ t }} {{ "big" if n > 5 else "small" }} {{ n % 4 }}', 'T7 big 3'],
    ['macros with defaults and caller', '{% macro line(k, v="-") %}{{ k }}={{ v }}{{ caller() if caller else "" }};{% endmacro %}{{ line("a") }}{% call line("b", 1) %}!{% endcall %}', 'a=-;b=1!;'],
    ['filters, including attribute and test arguments', '{{ ["b", "a"] | sort | join(",") | upper }} {{ [{"n": 2}, {"n": 1}] | sort(false, false, "n") | join("/", "n") }} {{ [1, 2, 3] | select("odd") | list | length }}', 'A,B 1/2 2'],
    ['tests, in, dicts and lengths', '{{ 4 is divisibleby(2) }} {{ "API_URL" in ENV }} {{ "constructor" in ENV }} {{ {"a": 1}.a }} {{ GIT_BRANCH | length }} {{ GIT_BRANCH.length }} {{ [1, 2][1] }}', 'true true false 1 9 9 2'],
    ['options and the revision variables', '{{ OPTIONS.workers }} {{ OPTIONS["debug"] }} {% for k, v in OPTIONS %}{{ k }}={{ v }};{% endfor %} {{ REVISION_URL }} {{ REVISION_SHA256 }}', "4 false workers=4;debug=false; https://bucket/r?X-Amz-Signature=ab cafe"],
    ['switch, raw and comments', '{% switch GIT_USER %}{% case "octocat" %}cat{% default %}?{% endswitch %}{# no #}{% raw %}{{ x }}{% endraw %}', 'cat{{ x }}'],
  ])('%s', (_name, source, output) => {
    expect(guardTemplate(source)).toEqual([]);
    expect(render(source, vars)).toBe(output);
  });

  test('every shipped project passes the guard', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../../projects/', import.meta.url);
    const templates = readdirSync(dir).filter((name) => /\.sh(\.njk)?$/.test(name));
    expect(templates.length).toBeGreaterThanOrEqual(3);
    for (const name of templates) expect(guardTemplate(readFileSync(new URL(name, dir), 'utf8')), name).toEqual([]);
  });
});

describe('what the guard refuses, with line and fix', () => {
  test('reports each refusal on its own line', () => {
    expect(refusals('ok\n{{ GIT_USER.constructor }}\n\n{{ ENV.__proto__ }}')).toEqual([
      "2: template refused: property 'constructor' is not data; a template may read only the variables Flotilla passes " +
        '(GIT_USER, GIT_BRANCH, ENV, OPTIONS, REVISION, REVISION_BUCKET, REVISION_URL, REVISION_SHA256), their own entries such as ENV.API_URL, ENV["API_URL"] or OPTIONS.workers, and names it sets itself',
      expect.stringMatching(/^4: template refused: property '__proto__' is not data;/),
    ]);
  });

  test.each([
    ['{{ ENV[k] }}', /a subscript must be a literal name or number/],
    ['{{ GIT_USER.upper() }}', /methods \(x\.y\(\)\) and computed functions cannot/],
    ['{{ nothing() }}', /'nothing' is not one of them/],
    ['{{ caller() }}', /'caller' is not one of them/],
    ['{{ cycler(1, 2) }}', /cycler\(\) is not available in projects; use loop\.index/],
    ['{% set j = joiner() %}', /joiner\(\) is not available/],
    ['{{ x | groupby("a") }}', /filter 'groupby' is not available in projects/],
    ['{{ x | shg }}', /^template error: unknown filter 'shg'; did you mean 'shq'\?$/],
    ['{{ x | join(",", "constructor") }}', /attribute argument of 'join' must be a literal name of data/],
    ['{{ x | sort(false, false, attr) }}', /attribute argument of 'sort'/],
    ['{{ x | select(t) }}', /test argument of 'select' must be a literal test name/],
    ['{{ x | truncate(length=3) }}', /filters take their arguments in order/],
    ['{{ x is constructor }}', /unknown test 'constructor'/],
    ['{{ OPTIONS.constructor }}', /property 'constructor' is not data/],
    ['{{ OPTIONS["__proto__"] }}', /property '__proto__' is not data/],
    ['{{ OPTIONS[name] }}', /a subscript must be a literal name or number/],
    ['{{ constructor }}', /'constructor' is not a variable a template can read/],
    ['{{ __proto__ }}', /'__proto__' is not a variable/],
    ['{% set hasOwnProperty = 1 %}', /cannot be used as a variable name/],
    ['{% macro m() %}{% endmacro %}{% set m = 1 %}', /'m' names a function/],
    ['{% for range in [1] %}{% endfor %}', /'range' names a function/],
    ['{% set d = {"__proto__": 1} %}', /key '__proto__' is not data/],
    ['{% set d = {_x: 1} %}', /key '_x' is not data/],
    ['{{ "a" | replace(r/a/g, "b") }}', /regular expressions \(r\/\.\.\.\/\) are not available/],
    ['{% include "x" %}', /^template error: projects cannot include, import or extend other files/],
    ['{% extends "x" %}', /cannot include, import or extend/],
    ['{% block b %}{{ super() }}{% endblock %}', /super\(\) is not available/],
    ['{{ a"&&b }}', /is not a valid name; names have only letters, digits and _/],
    ['{% asyncEach x in y %}{% endeach %}', /'AsyncEach' is not available in projects/],
  ])('%s', (source, message) => {
    const found = guardTemplate(source);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => message.test(f.message))).toBe(true);
    expect(found.every((f) => f.severity === 'error' && f.line === 1)).toBe(true);
  });

  test('throws nunjucks syntax errors, which compileTemplate reports without compiling', () => {
    expect(() => guardTemplate('{% if %}')).toThrow();
    expect(compileTemplate('{% if %}', 'x.sh')).toMatchObject({ ok: false, findings: [{ message: expect.stringContaining('syntax error') }] });
  });

  test('fails closed on a template it cannot walk', () => {
    const deep = `{{ ${'('.repeat(3000)}1${')'.repeat(3000)} }}`;
    const compiled = compileTemplate(deep, 'x.sh');
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.findings[0]!.message).toMatch(/^template (refused|syntax error): /);
  });
});

describe('names', () => {
  test('data properties are not inherited and do not start with _', () => {
    for (const key of ['API_URL', 'index', 'length', 'a-b', '0', 'Name']) expect(isDataProperty(key), key).toBe(true);
    for (const key of ['constructor', '__proto__', 'prototype', 'valueOf', 'toString', 'call', 'apply', 'bind', 'map', 'then', 'name', '_x', '__defineGetter__']) {
      expect(isDataProperty(key), key).toBe(false);
    }
  });

  test('variable names are identifiers not inherited from Object.prototype', () => {
    for (const name of ['GIT_USER', '_', 'name', 'map', 'caller', 'loop']) expect(isVariableName(name), name).toBe(true);
    for (const name of ['constructor', 'valueOf', '__proto__', '__x', 'a"b', 'a b', '']) expect(isVariableName(name), name).toBe(false);
  });
});
