import { warning, type Finding } from './problems';
import { TEMPLATE_VARIABLES } from './template-guard';
import { scanTags } from './template-scan';

/** POSIX shell single-quoting: the value comes out as exactly one word, never as code. */
export function shq(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Template variables whose values come from users, so must be shell-quoted when output: every
 * variable a template receives (a revision name or a bucket can hold any character too).
 */
export const UNTRUSTED_VARIABLES: readonly string[] = TEMPLATE_VARIABLES;

/** A filter chain `| a | b(args)` right after a value; group 1 is the last filter's name. */
const FILTER_CHAIN = /^(?:\s*\|\s*([A-Za-z_]\w*)\s*(?:\([^()]*\))?)*/;

function endsWithShq(after: string): boolean {
  const chain = FILTER_CHAIN.exec(after);
  return chain?.[1] === 'shq';
}

/** Whether a group of parentheses enclosing `index` is closed and then piped through `shq` last. */
function enclosedInQuotedGroup(code: string, index: number): boolean {
  let depth = 0;
  for (let i = index; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')') {
      if (depth === 0) {
        if (endsWithShq(code.slice(i + 1))) return true;
      } else depth--;
    }
  }
  return false;
}

/**
 * Warns about `{{ ... }}` expressions that output a user-supplied variable without `| shq`.
 * A regex-level check: it does not follow values through `{% set %}` or macros.
 */
export function findUnquotedInsertions(source: string, names: readonly string[] = UNTRUSTED_VARIABLES): Finding[] {
  const findings: Finding[] = [];
  const use = new RegExp(`(?<![\\w.])(${names.join('|')})\\b((?:\\s*\\.\\s*[A-Za-z_]\\w*|\\s*\\[[^\\]]*\\])*)`, 'g');
  for (const tag of scanTags(source)) {
    if (tag.kind !== 'variable') continue;
    const seen = new Set<string>();
    for (const match of tag.code.matchAll(use)) {
      const end = match.index + match[0].length;
      if (endsWithShq(tag.code.slice(end)) || enclosedInQuotedGroup(tag.code, end)) continue;
      const name = tag.body.slice(match.index, end).replace(/\s+/g, '');
      if (seen.has(name)) continue;
      seen.add(name);
      findings.push(
        warning(`${name} is inserted without shell quoting; write {{ ${name} | shq }}`, { line: tag.line + lineOffset(tag.code, match.index) }),
      );
    }
  }
  return findings;
}

function lineOffset(text: string, index: number): number {
  return text.slice(0, index).split('\n').length - 1;
}
