import { warning, type Finding } from './problems';

export const META_MARKER = 'fleeting-meta:';

/**
 * `fleeting-meta:<key> = <value>` anywhere on a line; spaces around `=` are optional. A key is
 * lowercase words and dashes, or `option.<name>` (any name here: template-options.ts says what is
 * wrong with a bad one, on its line).
 */
const META_LINE = /fleeting-meta:([a-z0-9-]+|option\.[^\s=]*)\s*=(.*)$/;

export interface MetaEntry {
  key: string;
  value: string;
  /** 1-based line the entry is on. */
  line: number;
}

export interface ParsedMeta {
  /** Every entry in file order, duplicates included. */
  entries: MetaEntry[];
  /** The winning (last) entry of each key. */
  byKey: Map<string, MetaEntry>;
  findings: Finding[];
}

/** Reads every `fleeting-meta:` line of a template's source. */
export function parseMeta(source: string): ParsedMeta {
  const entries: MetaEntry[] = [];
  const byKey = new Map<string, MetaEntry>();
  const findings: Finding[] = [];
  source.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    if (!text.includes(META_MARKER)) return;
    const match = META_LINE.exec(text);
    if (!match) {
      findings.push(
        warning(
          `this line mentions '${META_MARKER}' but is not metadata; write it as "# ${META_MARKER}<key> = <value>" with a lowercase key`,
          { line },
        ),
      );
      return;
    }
    const entry: MetaEntry = { key: match[1]!, value: match[2]!.trim(), line };
    const earlier = byKey.get(entry.key);
    if (earlier) {
      findings.push(
        warning(`duplicate key '${entry.key}' (already set on line ${earlier.line}); this later value wins`, {
          line,
          key: entry.key,
        }),
      );
    }
    entries.push(entry);
    byKey.set(entry.key, entry);
  });
  return { entries, byKey, findings };
}

/** The winning value of each key, as ProjectDetail.meta shows it. */
export function metaRecord(parsed: ParsedMeta): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, entry] of [...parsed.byKey].sort(([a], [b]) => a.localeCompare(b))) record[key] = entry.value;
  return record;
}
