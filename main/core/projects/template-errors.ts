import { nearest } from './edit-distance';
import { error, type Finding } from './problems';
import { scanTags, unclosedLine } from './template-scan';

export type TemplatePhase = 'compile' | 'render';

/** `(path) [Line N, Column M]` and the indent nunjucks puts before each error message. */
const HEADER = /^(?:Template render error: )?\([^)\n]*\)(?: \[Line (\d+)(?:, Column (\d+))?\])?\s*\n\s*/;

const FILE_TAGS = /^\s*(include|import|from|extends)\b/;
export const NO_INCLUDES_MESSAGE = 'projects cannot include, import or extend other files; put everything the script needs in this one file';

/** Strips nunjucks' headers; answers the bare message and the line nunjucks gave, if any. */
export function parseNunjucksMessage(raw: string): { message: string; line: number | null } {
  let message = raw;
  let line: number | null = null;
  for (let header = HEADER.exec(message); header; header = HEADER.exec(message)) {
    if (line === null && header[1] !== undefined) line = Number(header[1]);
    message = message.slice(header[0].length);
  }
  return { message: message.replace(/^Error: /, '').trim(), line };
}

/** First line where a tag's code matches `pattern`. */
function lineOfTag(source: string, pattern: RegExp): number | null {
  return scanTags(source).find((tag) => tag.kind !== 'comment' && pattern.test(tag.code))?.line ?? null;
}

/**
 * Turns a nunjucks error into a located finding. Compile errors carry 1-based lines; render
 * errors carry the 0-based line of the last call made (and none on line 1), so their line is
 * shifted, and refined from the source where the message names what to look for.
 */
export function templateErrorFinding(err: unknown, source: string, phase: TemplatePhase, filterNames: readonly string[]): Finding {
  const raw = err instanceof Error ? err.message : String(err);
  const parsed = parseNunjucksMessage(raw);
  let message = parsed.message;
  let line = parsed.line === null ? null : phase === 'render' ? parsed.line + 1 : parsed.line;

  const filter = /^filter not found: (\S+)/.exec(message);
  const parseStep = /^parse([A-Za-z]+): /.exec(message);
  if (filter) {
    const name = filter[1]!;
    const guess = nearest(name, filterNames);
    message = `unknown filter '${name}'${guess ? `; did you mean '${guess}'?` : ''}`;
    line = lineOfTag(source, new RegExp(`\\|\\s*${name.replace(/[^\w]/g, '')}\\b`)) ?? line;
  } else if (/template not found/.test(message)) {
    message = NO_INCLUDES_MESSAGE;
    line = lineOfTag(source, FILE_TAGS) ?? line;
  } else if (line === null && /end of file|expected (variable|block) end|end of comment/.test(message)) {
    const kind = parseStep ? parseStep[1]!.replace(/Statement$/, '').toLowerCase() : undefined;
    line = unclosedLine(source, kind);
    if (parseStep) message = message.slice(parseStep[0].length);
    if (line !== null && kind) message = `the {% ${kind} %} on this line is never closed (${message})`;
  } else if (parseStep) {
    message = message.slice(parseStep[0].length);
  }
  const refused = /^refused: /.exec(message);
  if (refused) return error(`template refused: ${message.slice(refused[0].length)}`, { line: line ?? 1 });
  const prefix = phase === 'compile' ? 'template syntax error' : 'template error';
  return error(`${prefix}: ${message}`, { line: line ?? 1 });
}

/** `{% include %}` and friends, refused up front: a project is exactly one file. */
export function findFileTags(source: string): Finding[] {
  return scanTags(source)
    .filter((tag) => tag.kind === 'block' && FILE_TAGS.test(tag.code))
    .map((tag) => error(`template error: ${NO_INCLUDES_MESSAGE}`, { line: tag.line }));
}
