/**
 * Known nunjucks/Jinja escape payloads, for the adversarial tests (imported only by *.test.ts).
 * Each one, if the template engine let it through, writes `marker` or reads `secret`.
 */

/** JavaScript that writes `marker`: what a successful escape runs. */
export function writeCode(marker: string): string {
  return `return process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(marker)}, "pwned")`;
}

/** JavaScript that runs `touch marker` in a child process (the payload of issue 11). */
export function spawnCode(marker: string): string {
  return `return process.getBuiltinModule("child_process").execSync("touch " + ${JSON.stringify(marker)})`;
}

/** JavaScript that answers the content of `secret`. */
export function readCode(secret: string): string {
  return `return process.getBuiltinModule("fs").readFileSync(${JSON.stringify(secret)}, "utf8")`;
}

/** Every character as `\xNN`: JavaScript source that holds no nunjucks delimiter or space. */
function hexAll(code: string): string {
  return [...code].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
}

/**
 * A name that breaks out of the string nunjucks' compiler puts it in (`lookup(..., "NAME")`) and
 * runs `code` when the template renders: nunjucks does not escape symbol names it emits.
 */
export function injectedName(code: string): string {
  return `x"&&Function\`${hexAll(code)}\`\`\`&&"`;
}

export interface Payload {
  name: string;
  /** Template text, on one line (so its problem is on that line). */
  body: (code: string) => string;
}

/** `code` inside a single-quoted template string (the codes above hold no single quote). */
const q = (code: string) => `'${code}'`;

export const CODE_PAYLOADS: Payload[] = [
  { name: 'range.constructor (issue 11)', body: (c) => `{{ range.constructor(${q(c)})() }}` },
  { name: 'cycler.constructor', body: (c) => `{{ cycler.constructor(${q(c)})() }}` },
  { name: 'joiner.constructor', body: (c) => `{{ joiner.constructor(${q(c)})() }}` },
  { name: 'cycler().next.constructor', body: (c) => `{{ cycler(1).next.constructor(${q(c)})() }}` },
  { name: 'joiner().constructor', body: (c) => `{{ joiner().constructor(${q(c)})() }}` },
  { name: 'range.apply.constructor', body: (c) => `{{ range.apply.constructor(${q(c)})() }}` },
  { name: 'range.call.bind', body: (c) => `{{ range.constructor.call(null, ${q(c)})() }}` },
  { name: 'string literal constructor chain', body: (c) => `{{ "".constructor.constructor(${q(c)})() }}` },
  { name: 'array literal constructor chain', body: (c) => `{{ [].constructor.constructor(${q(c)})() }}` },
  { name: 'dict literal constructor chain', body: (c) => `{{ ({}).constructor.constructor(${q(c)})() }}` },
  { name: 'number literal constructor chain', body: (c) => `{{ (1).constructor.constructor(${q(c)})() }}` },
  { name: 'GIT_USER.constructor chain', body: (c) => `{{ GIT_USER.constructor.constructor(${q(c)})() }}` },
  { name: 'GIT_BRANCH["constructor"] subscripts', body: (c) => `{{ GIT_BRANCH["constructor"]["constructor"](${q(c)})() }}` },
  { name: 'ENV.constructor chain', body: (c) => `{{ ENV.constructor.constructor(${q(c)})() }}` },
  { name: 'ENV.__proto__', body: (c) => `{{ ENV.__proto__.constructor.constructor(${q(c)})() }}` },
  { name: 'REVISION string method', body: (c) => `{{ REVISION.toString.constructor(${q(c)})() }}` },
  { name: 'string method valueOf.apply', body: (c) => `{{ GIT_USER.valueOf.apply.constructor(${q(c)})() }}` },
  { name: 'array method map', body: (c) => `{{ [1].map.constructor(${q(c)})() }}` },
  { name: '__defineGetter__', body: (c) => `{{ ENV.__defineGetter__.constructor(${q(c)})() }}` },
  { name: 'bare constructor symbol (context prototype)', body: (c) => `{{ constructor.constructor(${q(c)})() }}` },
  { name: 'bare valueOf symbol (returns the context)', body: (c) => `{{ valueOf().env.globals.range.constructor(${q(c)})() }}` },
  { name: 'set then call', body: (c) => `{% set f = range.constructor %}{{ f(${q(c)})() }}` },
  { name: 'dynamic subscript', body: (c) => `{% set k = "constr" ~ "uctor" %}{{ range[k][k](${q(c)})() }}` },
  { name: 'first filter hands out a function', body: (c) => `{% set g = [range] | first %}{{ g.constructor(${q(c)})() }}` },
  { name: 'safe filter result', body: (c) => `{{ ("x" | safe).constructor.constructor(${q(c)})() }}` },
  { name: 'macro.constructor', body: (c) => `{% macro m() %}{% endmacro %}{{ m.constructor(${q(c)})() }}` },
  {
    name: 'caller.constructor',
    body: (c) => `{% macro m() %}{{ caller.constructor(${q(c)})() }}{% endmacro %}{% call m() %}x{% endcall %}`,
  },
  { name: 'loop.constructor', body: (c) => `{% for i in [1] %}{{ loop.constructor.constructor(${q(c)})() }}{% endfor %}` },
  { name: 'lipsum-style helper', body: (c) => `{{ lipsum.__globals__.constructor.constructor(${q(c)})() }}` },
  { name: 'Jinja self.__init__', body: (c) => `{{ self.__init__.__globals__.constructor(${q(c)})() }}` },
  { name: 'dict key __proto__', body: (c) => `{% set d = {"__proto__": range} %}{{ d.constructor(${q(c)})() }}` },
  { name: 'sort by a function attribute', body: (c) => `{{ ([range] | sort(false, false, "constructor") | first).constructor(${q(c)})() }}` },
  // nunjucks emits symbol, filter and variable names into its generated JavaScript unescaped.
  { name: 'compiled-name injection (symbol)', body: (c) => `{{ ${injectedName(c)} }}` },
  { name: 'compiled-name injection (filter)', body: (c) => `{{ "a" | ${injectedName(c)} }}` },
  { name: 'compiled-name injection (set target)', body: (c) => `{% set ${injectedName(c)} = 1 %}` },
  { name: 'compiled-name injection (test)', body: (c) => `{{ 1 is ${injectedName(c)} }}` },
];

/** Tags that would read a file through a loader. */
export function fileReadPayloads(secret: string): Payload[] {
  const s = JSON.stringify(secret);
  return [
    { name: 'include', body: () => `{% include ${s} %}` },
    { name: 'import', body: () => `{% import ${s} as x %}{{ x }}` },
    { name: 'from import', body: () => `{% from ${s} import y %}{{ y }}` },
    { name: 'extends', body: () => `{% extends ${s} %}` },
  ];
}
