/**
 * The load-time half of the template sandbox (issue 11): nunjucks is not a sandbox, so before a
 * template is ever compiled its syntax tree is walked with an allow-list. A template may output
 * text, read the variables Flotilla passes and their own data (`ENV.API_URL`, `list[0]`), set
 * names, loop, branch, define and call its own macros, call range(), and use a list of filters
 * that cannot reach a function. Anything else is refused with its line and how to fix it.
 *
 * This also stops names being used to inject JavaScript: nunjucks' compiler copies names into the
 * code it generates without escaping them, so a name must be a plain identifier BEFORE compiling.
 *
 * The render-time half (template-runtime.ts) checks the same rules again on real values.
 */
import nunjucks from 'nunjucks';
import { nearest } from './edit-distance';
import { displayValue } from './git-names';
import { error, type Finding } from './problems';
import { NO_INCLUDES_MESSAGE } from './template-errors';

/** Every variable a template receives: the launch renders with these (instances/preflight-checks.ts). */
export const TEMPLATE_VARIABLES = ['GIT_USER', 'GIT_BRANCH', 'ENV', 'OPTIONS', 'REVISION', 'REVISION_BUCKET', 'REVISION_URL', 'REVISION_SHA256'] as const;

const VARIABLES_TEXT = `${TEMPLATE_VARIABLES.join(', ')}`;

/** Built-in globals a template may call; nunjucks' cycler and joiner are not offered. */
export const CALLABLE_GLOBALS = ['range'] as const;

/**
 * nunjucks' built-in filters that only transform data, plus `shq`. Left out: `groupby` (calls a
 * function given as its attribute), `striptags` and `urlize` (HTML helpers whose regular
 * expressions can take quadratic time on crafted text).
 */
export const ALLOWED_FILTERS = [
  'shq',
  'abs',
  'batch',
  'capitalize',
  'center',
  'd',
  'default',
  'dictsort',
  'dump',
  'e',
  'escape',
  'first',
  'float',
  'forceescape',
  'indent',
  'int',
  'join',
  'last',
  'length',
  'list',
  'lower',
  'nl2br',
  'random',
  'reject',
  'rejectattr',
  'replace',
  'reverse',
  'round',
  'safe',
  'select',
  'selectattr',
  'slice',
  'sort',
  'string',
  'sum',
  'title',
  'trim',
  'truncate',
  'upper',
  'urlencode',
  'wordcount',
] as const;

/** Filters that read an attribute named by an argument, and that argument's position (0 is the value). */
export const ATTRIBUTE_ARGUMENT: Record<string, number> = { join: 2, sort: 3, sum: 1, selectattr: 1, rejectattr: 1 };
/** Filters whose argument names a test, and its position. */
export const TEST_ARGUMENT: Record<string, number> = { select: 1, reject: 1 };

/** nunjucks' built-in tests (`x is odd`): all of them are predicates on data. */
export const ALLOWED_TESTS = Object.keys((new nunjucks.Environment([]) as unknown as { tests: Record<string, unknown> }).tests);

const SafeString = (nunjucks as unknown as { runtime: { SafeString: { prototype: object } } }).runtime.SafeString;

/** Property names that values inherit rather than hold: methods, `constructor`, accessors. */
const INHERITED = new Set<string>(
  [
    Object.prototype,
    Function.prototype,
    String.prototype,
    Array.prototype,
    Number.prototype,
    Boolean.prototype,
    BigInt.prototype,
    Symbol.prototype,
    RegExp.prototype,
    Date.prototype,
    Error.prototype,
    Promise.prototype,
    Map.prototype,
    Set.prototype,
    SafeString.prototype,
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
  ].flatMap((proto) => Object.getOwnPropertyNames(proto)),
);
INHERITED.delete('length');
const OBJECT_INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A property a template may read: not inherited from a built-in prototype, not starting with `_`. */
export function isDataProperty(key: string): boolean {
  return !key.startsWith('_') && !INHERITED.has(key);
}

/** A dotted attribute path (`a.b`), as filters such as sort take it, of data properties only. */
export function isDataPath(path: string): boolean {
  return path.split('.').every(isDataProperty);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name a template may bind or read: an identifier, not `__...`, not a name every object inherits. */
export function isVariableName(name: string): boolean {
  return IDENTIFIER.test(name) && !name.startsWith('__') && !OBJECT_INHERITED.has(name);
}

/** How a refused name or key shows in a message: control characters escaped, long ones cut. */
function shown(text: string): string {
  const value = displayValue(text);
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

const READ_ONLY =
  `a template may read only the variables Flotilla passes (${VARIABLES_TEXT}), ` +
  'their own entries such as ENV.API_URL, ENV["API_URL"] or OPTIONS.workers, and names it sets itself';
const CALLABLE_TEXT = 'only macros defined in this file, caller() inside a macro, and range() can be called';

// Minimal shapes of nunjucks' parse tree (nunjucks/src/nodes.js); nodes carry 0-based lines.
interface AstNode {
  typename: string;
  lineno?: number;
  children?: AstNode[];
  value?: unknown;
  [field: string]: unknown;
}

const parser = (nunjucks as unknown as { parser: { parse(src: string, extensions: unknown[], opts: object): AstNode } }).parser;

/** nunjucks' own parse, with the options Flotilla compiles with. Throws on a syntax error. */
export function parseTemplate(source: string): AstNode {
  return parser.parse(source, [], { autoescape: false, throwOnUndefined: false, trimBlocks: false });
}

const OPERATORS = new Set(['Or', 'And', 'Not', 'In', 'Add', 'Concat', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Neg', 'Pos', 'Group', 'Array', 'InlineIf']);
const STATEMENTS = new Set(['Root', 'NodeList', 'Output', 'Capture', 'If', 'Switch', 'Case']);
const FILE_NODES = new Set(['Include', 'Import', 'FromImport', 'Extends']);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).typename === 'string';
}

function fieldsOf(node: AstNode): string[] {
  return ((node as unknown as { fields?: string[] }).fields ?? []).filter((f) => f !== 'typename');
}

/**
 * Refusals for a template's source, each with its 1-based line; empty when the template is
 * acceptable. Throws nunjucks' error when the source does not parse (a syntax error).
 */
export function guardTemplate(source: string): Finding[] {
  const root = parseTemplate(source);
  const findings: Finding[] = [];
  const macros = new Set<string>();
  collectMacros(root, macros);

  const refuse = (node: AstNode | undefined, line: number, message: string, prefix = 'template refused') => {
    const at = typeof node?.lineno === 'number' ? node.lineno + 1 : line;
    findings.push(error(`${prefix}: ${message}`, { line: at }));
  };
  const lineOf = (node: AstNode, line: number) => (typeof node.lineno === 'number' ? node.lineno + 1 : line);

  /** A name in a position the compiler copies into code: must be an identifier whatever it names. */
  function checkIdentifier(node: unknown, line: number, what: string): node is AstNode & { value: string } {
    if (!isNode(node) || node.typename !== 'Symbol' || typeof node.value !== 'string') {
      refuse(isNode(node) ? node : undefined, line, `${what} must be a plain name`);
      return false;
    }
    if (!IDENTIFIER.test(node.value)) {
      refuse(node, line, `'${shown(node.value)}' is not a valid name; names have only letters, digits and _`);
      return false;
    }
    return true;
  }

  /** A name the template binds with set, for or a macro argument. */
  function checkBinding(node: unknown, line: number): void {
    if (!checkIdentifier(node, line, 'a variable')) return;
    const name = node.value;
    if (!isVariableName(name)) refuse(node, line, `'${shown(name)}' cannot be used as a variable name; choose another name`);
    else if (macros.has(name) || (CALLABLE_GLOBALS as readonly string[]).includes(name) || name === 'caller') {
      refuse(node, line, `'${name}' names a function (a macro, caller or range); choose another name for this variable`);
    }
  }

  function checkKey(node: AstNode, key: unknown, line: number, what: 'property' | 'key'): void {
    if (typeof key === 'number') return;
    if (typeof key !== 'string') {
      refuse(node, line, `a ${what} must be a name or a number`);
    } else if (!isDataProperty(key)) {
      refuse(node, line, `${what} '${shown(key)}' is not data; ${READ_ONLY}`);
    }
  }

  function checkArgs(args: unknown, line: number, allowKeywords: boolean): AstNode[] {
    if (!isNode(args)) return [];
    const list = args.children ?? [];
    for (const arg of list) {
      if (arg.typename === 'KeywordArgs') {
        if (!allowKeywords) {
          refuse(arg, line, 'filters take their arguments in order, not as name=value');
          continue;
        }
        for (const pair of arg.children ?? []) {
          if (checkIdentifier(pair['key'], lineOf(pair, line), 'an argument name')) {
            const key = (pair['key'] as AstNode).value as string;
            if (!isVariableName(key)) refuse(pair, line, `'${shown(key)}' cannot be used as an argument name`);
          }
          walk(pair['value'], lineOf(pair, line));
        }
      } else walk(arg, line);
    }
    return list;
  }

  function checkFilter(node: AstNode, line: number): void {
    if (!checkIdentifier(node['name'], line, 'a filter')) return;
    const name = (node['name'] as AstNode).value as string;
    const args = checkArgs(node['args'], line, false);
    if (!(ALLOWED_FILTERS as readonly string[]).includes(name)) {
      const builtin = Object.hasOwn((new nunjucks.Environment([]) as unknown as { filters: object }).filters, name);
      if (builtin) {
        refuse(node, line, `filter '${name}' is not available in projects; the filters are ${ALLOWED_FILTERS.join(', ')}`);
      } else {
        const guess = nearest(name, ALLOWED_FILTERS);
        refuse(node, line, `unknown filter '${name}'${guess ? `; did you mean '${guess}'?` : ''}`, 'template error');
      }
      return;
    }
    const attribute = ATTRIBUTE_ARGUMENT[name];
    if (attribute !== undefined && args[attribute]) {
      const arg = args[attribute]!;
      if (arg.typename !== 'Literal' || typeof arg.value !== 'string' || !isDataPath(arg.value)) {
        refuse(node, line, `the attribute argument of '${name}' must be a literal name of data such as "name"; ${READ_ONLY}`);
      }
    }
    const test = TEST_ARGUMENT[name];
    if (test !== undefined && args[test]) {
      const arg = args[test]!;
      if (arg.typename !== 'Literal' || typeof arg.value !== 'string' || !ALLOWED_TESTS.includes(arg.value)) {
        refuse(node, line, `the test argument of '${name}' must be a literal test name such as "odd"; the tests are ${ALLOWED_TESTS.join(', ')}`);
      }
    }
  }

  function checkCall(node: AstNode, line: number, inMacro: boolean): void {
    const callee = node['name'];
    if (!isNode(callee) || callee.typename !== 'Symbol') {
      walk(callee, line, inMacro);
      refuse(node, line, `${CALLABLE_TEXT}; methods (x.y()) and computed functions cannot`);
    } else if (checkIdentifier(callee, line, 'a function')) {
      const name = callee.value;
      if (name === 'super') {
        refuse(node, line, 'super() is not available: a project is one file with nothing to extend');
      } else if (name === 'cycler' || name === 'joiner') {
        refuse(node, line, `${name}() is not available in projects; use loop.index, loop.first or loop.last`);
      } else if (!macros.has(name) && !(CALLABLE_GLOBALS as readonly string[]).includes(name) && !(name === 'caller' && inMacro)) {
        refuse(node, line, `${CALLABLE_TEXT}; '${shown(name)}' is not one of them`);
      }
    }
    checkArgs(node['args'], line, true);
  }

  function checkTest(node: AstNode, line: number, inMacro: boolean): void {
    walk(node['left'], line, inMacro);
    const right = node['right'];
    const nameNode = isNode(right) && right.typename === 'FunCall' ? right['name'] : right;
    if (!checkIdentifier(nameNode, line, 'a test')) return;
    const name = (nameNode as AstNode).value as string;
    if (!ALLOWED_TESTS.includes(name)) refuse(node, line, `unknown test '${shown(name)}'; the tests are ${ALLOWED_TESTS.join(', ')}`);
    if (isNode(right) && right.typename === 'FunCall') checkArgs(right['args'], line, false);
  }

  function walkMacro(node: AstNode, line: number): void {
    if (node.typename === 'Macro') {
      if (checkIdentifier(node['name'], line, 'a macro') && !isVariableName((node['name'] as AstNode).value as string)) {
        refuse(node, line, `'${shown((node['name'] as AstNode).value as string)}' cannot be used as a macro name; choose another name`);
      }
    }
    const args = node['args'];
    for (const arg of isNode(args) ? (args.children ?? []) : []) {
      if (arg.typename === 'KeywordArgs') {
        for (const pair of arg.children ?? []) {
          checkBinding(pair['key'], lineOf(pair, line));
          walk(pair['value'], lineOf(pair, line), true);
        }
      } else checkBinding(arg, lineOf(arg, line));
    }
    walk(node['body'], line, true);
  }

  function walk(value: unknown, line: number, inMacro = false): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, line, inMacro);
      return;
    }
    if (!isNode(value)) return;
    const node = value;
    const here = lineOf(node, line);
    const type = node.typename;

    if (type === 'TemplateData') return;
    if (type === 'Literal') {
      const v = node.value;
      if (v instanceof RegExp) refuse(node, here, 'regular expressions (r/.../) are not available in projects; use replace("text", "other")');
      else if (!(v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v))) refuse(node, here, 'this value is not text, a number or a boolean');
      return;
    }
    if (type === 'Symbol') {
      if (checkIdentifier(node, here, 'a variable') && !isVariableName(node.value as string)) {
        refuse(node, here, `'${shown(node.value as string)}' is not a variable a template can read; ${READ_ONLY}`);
      }
      return;
    }
    if (type === 'LookupVal') {
      walk(node['target'], here, inMacro);
      const key = node['val'];
      if (isNode(key) && key.typename === 'Literal') checkKey(node, key.value, here, 'property');
      else {
        refuse(node, here, 'a subscript must be a literal name or number such as ENV["API_URL"] or list[0]; go through entries with {% for key, value in ENV %}');
        walk(key, here, inMacro);
      }
      return;
    }
    if (type === 'Dict') {
      for (const pair of node.children ?? []) {
        const key = pair['key'];
        if (isNode(key) && key.typename === 'Literal') checkKey(pair, key.value, lineOf(pair, here), 'key');
        else if (checkIdentifier(key, lineOf(pair, here), 'a key')) checkKey(pair, (key as AstNode).value, lineOf(pair, here), 'key');
        walk(pair['value'], lineOf(pair, here), inMacro);
      }
      return;
    }
    if (type === 'Filter') return checkFilter(node, here);
    if (type === 'FunCall') return checkCall(node, here, inMacro);
    if (type === 'Is') return checkTest(node, here, inMacro);
    if (type === 'Compare') {
      walk(node['expr'], here, inMacro);
      for (const op of (node['ops'] as AstNode[] | undefined) ?? []) walk(op['expr'], lineOf(op, here), inMacro);
      return;
    }
    if (type === 'Set') {
      for (const target of (node['targets'] as unknown[] | undefined) ?? []) checkBinding(target, here);
      walk(node['value'], here, inMacro);
      walk(node['body'], here, inMacro);
      return;
    }
    if (type === 'For') {
      const name = node['name'];
      if (isNode(name) && name.typename === 'Array') for (const part of name.children ?? []) checkBinding(part, here);
      else checkBinding(name, here);
      walk(node['arr'], here, inMacro);
      walk(node['body'], here, inMacro);
      walk(node['else_'], here, inMacro);
      return;
    }
    if (type === 'Macro' || type === 'Caller') return walkMacro(node, here);
    if (type === 'Block') {
      if (checkIdentifier(node['name'], here, 'a block')) walk(node['body'], here, inMacro);
      return;
    }
    if (FILE_NODES.has(type)) return refuse(node, here, NO_INCLUDES_MESSAGE, 'template error');
    if (type === 'Super') return refuse(node, here, 'super() is not available: a project is one file with nothing to extend');
    if (OPERATORS.has(type) || STATEMENTS.has(type)) {
      for (const field of fieldsOf(node)) walk(node[field], here, inMacro);
      return;
    }
    // IfAsync, AsyncEach, AsyncAll, FilterAsync, CallExtension and anything a later nunjucks adds.
    refuse(node, here, `'${type}' is not available in projects`);
  }

  walk(root, 1);
  return findings;
}

function collectMacros(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectMacros(n, into));
  if (!isNode(node)) return;
  if (node.typename === 'Macro') {
    const name = node['name'];
    if (isNode(name) && typeof name.value === 'string' && isVariableName(name.value)) into.add(name.value);
  }
  for (const field of fieldsOf(node)) collectMacros(node[field], into);
}
