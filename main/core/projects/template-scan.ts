/**
 * A light scan of a nunjucks template's tags, without compiling it: enough to point at the line
 * of an unclosed tag or block, and to look at what `{{ ... }}` expressions output.
 */

export type TagKind = 'variable' | 'block' | 'comment';

export interface Tag {
  kind: TagKind;
  /** Text between the delimiters, whitespace-control dashes removed. */
  body: string;
  /** `body` with the contents of string literals replaced by spaces (same length). */
  code: string;
  /** 1-based line of the opening delimiter. */
  line: number;
  /** False when the file ends before the closing delimiter. */
  closed: boolean;
}

const CLOSERS: Record<string, [TagKind, string]> = { '{': ['variable', '}}'], '%': ['block', '%}'], '#': ['comment', '#}'] };

export function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/** Finds `closer` outside string literals; answers its index and the body with strings blanked. */
function findCloser(source: string, from: number, closer: string): { end: number; code: string } {
  let code = '';
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === '\\') {
        code += '  ';
        i++;
        continue;
      }
      if (char === quote) {
        quote = null;
        code += char;
      } else code += char === '\n' ? '\n' : ' ';
      continue;
    }
    if (source.startsWith(closer, i)) return { end: i, code };
    if (char === '"' || char === "'") quote = char;
    code += char;
  }
  return { end: -1, code };
}

function trimDashes(text: string): string {
  return text.replace(/^-/, '').replace(/-$/, '');
}

export function scanTags(source: string): Tag[] {
  const tags: Tag[] = [];
  const opener = /\{[{%#]/g;
  // Lines are counted on from the previous tag (tags come in order): once through the file in all.
  let line = 1;
  let counted = 0;
  let at = 0;
  while (at < source.length) {
    opener.lastIndex = at;
    const open = opener.exec(source);
    if (!open) break;
    const start = open.index;
    const [kind, closer] = CLOSERS[source[start + 1]!]!;
    for (let i = source.indexOf('\n', counted); i !== -1 && i < start; i = source.indexOf('\n', i + 1)) line++;
    counted = start;
    const found = kind === 'comment' ? { end: source.indexOf(closer, start + 2), code: '' } : findCloser(source, start + 2, closer);
    const raw = source.slice(start + 2, found.end === -1 ? source.length : found.end);
    const code = kind === 'comment' ? '' : found.code;
    tags.push({ kind, body: trimDashes(raw), code: trimDashes(code), line, closed: found.end !== -1 });
    if (found.end === -1) break;
    at = found.end + closer.length;
    const rawBlock = kind === 'block' ? /^\s*(raw|verbatim)\s*$/.exec(trimDashes(raw)) : null;
    if (rawBlock) {
      const endTag = new RegExp(`\\{%-?\\s*end${rawBlock[1]}\\s*-?%\\}`, 'g');
      endTag.lastIndex = at;
      const end = endTag.exec(source);
      if (!end) break;
      at = end.index + end[0].length;
    }
  }
  return tags;
}

/** Block tags that need an `end<name>` tag. `set` only does in its block form (no `=`). */
const PAIRED = new Set(['if', 'for', 'asyncEach', 'asyncAll', 'macro', 'call', 'filter', 'block', 'set']);
const END_OF: Record<string, string> = { endeach: 'asyncEach', endall: 'asyncAll' };

/** Line of the innermost block still open at the end of the file, or of an unclosed tag. */
export function unclosedLine(source: string, kind?: string): number | null {
  const tags = scanTags(source);
  const last = tags[tags.length - 1];
  if (last && !last.closed) return last.line;
  const open: { name: string; line: number }[] = [];
  for (const tag of tags) {
    if (tag.kind !== 'block') continue;
    const name = /^\s*([A-Za-z]+)/.exec(tag.code)?.[1];
    if (!name) continue;
    if (name === 'set' && tag.code.includes('=')) continue;
    if (PAIRED.has(name)) open.push({ name, line: tag.line });
    else if (name.startsWith('end')) {
      const opened = END_OF[name] ?? name.slice(3);
      let index = open.length - 1;
      while (index >= 0 && open[index]!.name !== opened) index--;
      if (index !== -1) open.splice(index);
    }
  }
  const match = kind ? [...open].reverse().find((o) => o.name === kind) : undefined;
  return (match ?? open[open.length - 1])?.line ?? null;
}
