/*
 * The template linter's quoting rule: a `{{ ... }}` that outputs a user-supplied variable must pipe it
 * through `shq` (shell-quote.ts) last. Every loaded template is checked (load-project.ts); findings are warnings.
 */
import { warning, type Finding } from './problems';
import { TEMPLATE_VARIABLES } from './template-guard';
import { scanTags } from './template-scan';

/**
 * Template variables whose values come from users, so must be shell-quoted when output: every
 * variable a template receives (a revision name or a bucket can hold any character too).
 */
export const UNTRUSTED_VARIABLES: readonly string[] = TEMPLATE_VARIABLES;

/** One filter of a chain, `| name` or `| name(args)`, where the chain goes on. */
const FILTER_ITEM = /\s*\|\s*([A-Za-z_]\w*)\s*(?:\([^()]*\))?/y;

/**
 * For one tag's code: whether the filter chain starting at a position ends with `shq`. Memoised by
 * position (a chain's last filter is that of the chain after its first filter), so a whole tag
 * costs one pass however many uses and groups it has.
 */
function chainEndsWithShq(code: string): (at: number) => boolean {
  const last = new Map<number, string | null>();
  const lastName = (from: number): string | null => {
    const path: [number, string][] = [];
    let at = from;
    let result: string | null = null;
    for (;;) {
      const known = last.get(at);
      if (known !== undefined) {
        result = known ?? (path.length > 0 ? path[path.length - 1]![1] : null);
        break;
      }
      FILTER_ITEM.lastIndex = at;
      const item = FILTER_ITEM.exec(code);
      if (!item || item[0].length === 0) {
        result = path.length > 0 ? path[path.length - 1]![1] : null;
        last.set(at, null);
        break;
      }
      path.push([at, item[1]!]);
      at += item[0].length;
    }
    for (const [position] of path) last.set(position, result);
    return result;
  };
  return (at) => lastName(at) === 'shq';
}

/**
 * For one tag's code: whether a group of parentheses enclosing an index is closed and then piped
 * through `shq` last. The groups enclosing an index close after it and opened before it (or never
 * opened); among the closers followed by `| ... | shq`, the earliest opening at or after each one
 * is kept, so each question is a binary search.
 */
function quotedGroups(code: string, endsWithShq: (at: number) => boolean): (index: number) => boolean {
  const stack: number[] = [];
  const closers: number[] = [];
  const opens: number[] = [];
  for (let i = 0; i < code.length; i++) {
    if (code[i] === '(') stack.push(i);
    else if (code[i] === ')') {
      const open = stack.length > 0 ? stack.pop()! : -1;
      if (endsWithShq(i + 1)) {
        closers.push(i);
        opens.push(open);
      }
    }
  }
  const earliestOpen = new Array<number>(closers.length);
  for (let k = closers.length - 1, min = Infinity; k >= 0; k--) earliestOpen[k] = min = Math.min(min, opens[k]!);
  return (index) => {
    let lo = 0;
    let hi = closers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (closers[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo < closers.length && earliestOpen[lo]! < index;
  };
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
    let endsWithShq: ((at: number) => boolean) | undefined;
    let inQuotedGroup: ((index: number) => boolean) | undefined;
    for (const match of tag.code.matchAll(use)) {
      const end = match.index + match[0].length;
      endsWithShq ??= chainEndsWithShq(tag.code);
      if (endsWithShq(end)) continue;
      inQuotedGroup ??= quotedGroups(tag.code, endsWithShq);
      if (inQuotedGroup(end)) continue;
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
