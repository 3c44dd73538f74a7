import type { LaunchEnvSource, LaunchResolution, LaunchValueSource } from '@contract/instances/launch-dto';
import type { TemplateOption } from '@contract/projects/dto';
import type { RevisionInfo } from '@contract/revisions/dto';
import { timeAgo } from '../../components/format';
import { formatBytes } from '@contract/format-bytes';
import { parseEnvLines } from './parse-env-lines';

/** The longest option value the contract takes. */
const MAX_OPTION_LENGTH = 1024;

/**
 * What is wrong with the shape of a typed option value, read after the option's name (`must be a
 * whole number, not 'x'`); null when it has the right shape. Ranges and choices are the core's to
 * check (it names the accepted values); this only catches what cannot be one of them.
 */
export function optionShapeProblem(option: TemplateOption, value: string): string | null {
  const text = option.type === 'string' ? value : value.trim();
  if (option.type === 'int' && !/^[+-]?\d+$/.test(text)) return `must be a whole number, not '${text}'`;
  if (option.type === 'bool' && text !== 'true' && text !== 'false') return `must be true or false, not '${text}'`;
  if (option.type === 'enum' && !text) return `is empty; pick one of ${option.choices.join(', ')}`;
  if (/[\0\r\n]/.test(text)) return 'must be one line';
  if (text.length > MAX_OPTION_LENGTH) return `is longer than ${MAX_OPTION_LENGTH} characters`;
  return null;
}

/** A blank value of a typed option (int, bool, enum) means "not set": the default applies. */
export function optionUnset(option: TemplateOption, value: string): boolean {
  return option.type !== 'string' && value.trim() === '';
}

/** The value the form sends for an option (text options as typed, the others trimmed). */
export function optionValue(option: TemplateOption, value: string): string {
  return option.type === 'string' ? value : value.trim();
}

/** "int from 1 to 16", "true or false", "one of main, staging", "text". */
export function optionTypeText(option: TemplateOption): string {
  if (option.type === 'int') {
    if (option.min !== undefined && option.max !== undefined) return `whole number from ${option.min} to ${option.max}`;
    if (option.min !== undefined) return `whole number, at least ${option.min}`;
    if (option.max !== undefined) return `whole number, at most ${option.max}`;
    return 'whole number';
  }
  if (option.type === 'bool') return 'true or false';
  if (option.type === 'enum') return `one of ${option.choices.join(', ')}`;
  return 'text';
}

const OPTION_FROM: Record<LaunchValueSource, string> = {
  launch: 'as entered',
  template: "the template's default",
  'launch-defaults': "from the project's launch defaults (Settings → Launch defaults)",
  settings: 'from Settings',
  'env-file': "from the project's env file",
};

const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** "gunicorn workers. Whole number from 1 to 16": the option's description, then its type. */
export function optionAbout(option: TemplateOption): string {
  const head = option.description ? `${option.description.replace(/\.?$/, '.')} ` : '';
  return `${head}${capital(optionTypeText(option))}`;
}

/**
 * The hint under an option's field: its description, its type, and where the value shown comes
 * from (`gunicorn workers. Whole number from 1 to 16. The template's default.`), or, once the user
 * changed it, what it would be otherwise (`… Default 2, from the project's launch defaults …`).
 */
export function optionHint(option: TemplateOption, resolved: { value: string; source: LaunchValueSource } | undefined, typed: boolean): string {
  const value = resolved ?? { value: option.default, source: 'template' as const };
  const from = OPTION_FROM[value.source];
  const tail = typed ? `Default ${value.value}, ${from.replace(/^the template's default$/, 'from the template')}.` : `${capital(from)}.`;
  return `${optionAbout(option)}. ${tail}`;
}

/** `ssm:/path` and `secretsmanager:name` values are fetched on the instance at boot. */
export function referenceOf(value: string): LaunchEnvSource['reference'] {
  const text = value.trim();
  if (text.startsWith('ssm:') && text.length > 4) return { kind: 'ssm', name: text.slice(4) };
  if (text.startsWith('secretsmanager:') && text.length > 15) return { kind: 'secretsmanager', name: text.slice(15) };
  return null;
}

/**
 * Every environment variable a launch would set, by name: the project's env file (from the core,
 * which never sends its values) with the keys typed in the form over it, as the core merges them.
 */
export function envSources(fromCore: LaunchResolution['env'] | undefined, typed: string): LaunchEnvSource[] {
  const { env } = parseEnvLines(typed);
  const own = Object.entries(env).map(([key, value]): LaunchEnvSource => ({ key, source: 'launch', reference: referenceOf(value) }));
  const typedKeys = new Set(own.map((e) => e.key));
  return [...(fromCore ?? []).filter((e) => !typedKeys.has(e.key)), ...own].sort((a, b) => a.key.localeCompare(b.key));
}

/** `from the env file`, `as entered`, `SSM parameter /app/db, from the env file`, `secret prod/db, as entered`. */
export function envSourceText(entry: LaunchEnvSource): string {
  const where = entry.source === 'env-file' ? 'from the env file' : 'as entered';
  if (!entry.reference) return where;
  const what = entry.reference.kind === 'ssm' ? 'SSM parameter' : 'secret';
  return `${what} ${entry.reference.name}, ${where}`;
}

export interface RevisionChoice {
  /** What the launch sends: `current`, `previous` or `<package>.<rev>`. */
  value: string;
  label: string;
}

/** "site.2026010300001Cc · 3 days ago · 5.0 MB". */
function describe(revision: RevisionInfo, now: number): string {
  return `${revision.name} · ${timeAgo(revision.lastModified, now)} · ${formatBytes(revision.size)}`;
}

/**
 * The revision picker's choices: current (the default), previous, then the other revisions newest
 * first (`revisions` as the core lists them, oldest first); a chosen full name that is not among them (the current one, picked on Revisions, or one
 * gone from the bucket) is listed after previous so the choice shows.
 */
export function revisionChoices(revisions: RevisionInfo[], chosen: string, now: number): RevisionChoice[] {
  const current = revisions.find((r) => r.current);
  const previous = revisions.find((r) => r.previous);
  const choices: RevisionChoice[] = [{ value: 'current', label: current ? `current — ${describe(current, now)}` : 'current — the bucket names none yet' }];
  if (previous || chosen === 'previous') choices.push({ value: 'previous', label: previous ? `previous — ${describe(previous, now)}` : 'previous — the bucket names none' });
  // The core lists them oldest first (revs start with their UTC time).
  const others = [...revisions].reverse().filter((r) => !r.current && !r.previous);
  if (chosen && chosen !== 'current' && chosen !== 'previous' && !others.some((r) => r.name === chosen)) {
    const known = revisions.find((r) => r.name === chosen);
    choices.push({ value: chosen, label: known ? `${describe(known, now)}${known.current ? ' (current now)' : ' (previous now)'}` : `${chosen} (not in the bucket)` });
  }
  return [...choices, ...others.map((r) => ({ value: r.name, label: describe(r, now) }))];
}
