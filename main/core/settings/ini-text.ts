import { parse } from 'ini';

export interface IniDocument {
  /** Keys before the first section header. */
  topLevel: Record<string, string>;
  /** Sections by their exact name (`profile a.b` stays one section), keys in file order. */
  sections: Record<string, Record<string, string>>;
}

/**
 * Parses INI text with `ini`. Dots in section names are escaped first, so `[profile acme.dev]`
 * stays one section instead of nesting; every value comes back as a string (`ini` turns
 * `true`/`false`/`null` into JSON values, and a bare key into `true`).
 */
export function parseIniText(text: string): IniDocument {
  const escaped = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^(\s*)\[([^\]]*)\](\s*)$/, (_m, lead: string, name: string, tail: string) => `${lead}[${name.trim().replace(/\./g, '\\.')}]${tail}`))
    .join('\n');
  const parsed = parse(escaped) as Record<string, unknown>;
  const doc: IniDocument = { topLevel: {}, sections: {} };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      doc.sections[key] = stringValues(value as Record<string, unknown>);
    } else {
      doc.topLevel[key] = asString(value);
    }
  }
  return doc;
}

function stringValues(section: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(section)) out[key] = asString(value);
  return out;
}

function asString(value: unknown): string {
  if (Array.isArray(value)) return value.map(asString).join(',');
  if (value === true) return 'true';
  if (value === null || value === undefined) return '';
  return String(value);
}
