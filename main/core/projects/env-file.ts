/**
 * A project's env file (issue 15): `projects/<id>.env` next to its template, the runtime
 * configuration a launch merges under its own env vars. `KEY=VALUE` lines, `#` comments and
 * blank lines; an optional `export ` prefix; a value may be wrapped in single or double quotes
 * (taken literally: no escapes, no interpolation, no inline comments). A value `ssm:/path/name`
 * or `secretsmanager:name` is a reference, fetched on the instance at boot with its role.
 *
 * Values can be secrets: no message here ever quotes one, and only keys and references go into
 * ProjectDetail (what the renderer sees); the values stay in LoadedProject.envValues.
 */
import type { EnvFileEntry, EnvReferenceKind, ProjectEnvFile } from '../../contract/projects/dto';
import { formatByteCount, formatBytes } from '../../contract/format-bytes';
import { ENV_NAME, isShellVariable, SHELL_VARIABLE_REASON } from '../instances/env-vars';
import { displayValue } from './git-names';
import { error, warning, type Finding } from './problems';
import { readProjectFile } from './read-project-file';

export const MAX_ENV_FILE_BYTES = 64 * 1024;
export const MAX_ENV_VALUE_CHARS = 4096;
/** AWS Systems Manager parameter names: letters, digits and _ . - /, at most 1011 characters after the first '/'. */
export const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;
/** Secrets Manager secret names (and the name part of an ARN). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

const REFERENCE_PREFIX: Record<EnvReferenceKind, string> = { ssm: 'ssm:', secretsmanager: 'secretsmanager:' };

export interface EnvReference {
  kind: EnvReferenceKind;
  name: string;
}

/** A name cut for a message (references are names, not secrets). */
function shown(value: string): string {
  const text = displayValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Whether a value is a reference: `{ reference }` for a well-formed one, `{ problem }` for a
 * value with a reference prefix and a name AWS would refuse, null for a plain value.
 */
export function parseEnvReference(value: string): { reference: EnvReference } | { problem: string } | null {
  if (value.startsWith(REFERENCE_PREFIX.ssm)) {
    const name = value.slice(REFERENCE_PREFIX.ssm.length);
    if (SSM_PARAMETER_NAME.test(name)) return { reference: { kind: 'ssm', name } };
    return { problem: `'ssm:${shown(name)}' is not an SSM parameter name (letters, digits and _ . - /, like ssm:/myapp/db-password)` };
  }
  if (value.startsWith(REFERENCE_PREFIX.secretsmanager)) {
    const name = value.slice(REFERENCE_PREFIX.secretsmanager.length);
    if (SECRET_NAME.test(name) || SECRET_ARN.test(name)) return { reference: { kind: 'secretsmanager', name } };
    return {
      problem: `'secretsmanager:${shown(name)}' is not a secret name (1 to 512 letters, digits and / _ + = . @ -, like secretsmanager:myapp/api-key) nor a secret ARN`,
    };
  }
  return null;
}

export interface LoadedEnvFile {
  /** Keys and references only: what ProjectDetail.envFile shows. */
  envFile: ProjectEnvFile;
  /** KEY → raw value (a reference as written, `ssm:/...`); for the launch, never for the renderer. */
  values: Record<string, string>;
  /** Problems of the env file, located by line. */
  findings: Finding[];
}

function keyProblem(key: string): string {
  if (key === '') return 'this line has no name before =; write it as NAME=value, like API_URL=https://example.com';
  const fixed = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  const hint = ENV_NAME.test(fixed) ? `; try ${fixed}` : '';
  return `'${shown(key)}' is not a variable name: upper-case letters, digits and _, not starting with a digit${hint}`;
}

/** The value between matching quotes, or as written; null when a quote opens and does not close. */
function unquote(raw: string): string | null {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") return raw;
  return raw.length >= 2 && raw.endsWith(quote) ? raw.slice(1, -1) : null;
}

type LineResult = { finding: Finding } | { key: string; value: string; reference: EnvReference | null } | null;

/** One line: nothing (blank, comment), a problem, or an entry. */
function parseLine(raw: string, line: number): LineResult {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  if (raw.includes('\0')) return { finding: error('this line holds a NUL character, which a shell cannot hold; remove it', { line }) };
  const body = trimmed.replace(/^export\s+/, '');
  const eq = body.indexOf('=');
  // Never quote the line: it may be a secret pasted on its own.
  if (eq === -1) return { finding: error('this line is not NAME=value (nor a # comment); write it as NAME=value, like API_URL=https://example.com', { line }) };
  const key = body.slice(0, eq).trim();
  if (!ENV_NAME.test(key)) return { finding: error(keyProblem(key), { line }) };
  if (isShellVariable(key)) return { finding: error(`${key} is ${SHELL_VARIABLE_REASON}`, { line, key }) };
  const value = unquote(body.slice(eq + 1).trim());
  if (value === null) {
    return { finding: error(`the value of ${key} starts with a quote that does not close at the end of the line; quote the whole value or none of it`, { line, key }) };
  }
  if (value.length > MAX_ENV_VALUE_CHARS) {
    const message = `the value of ${key} has ${value.length} characters; at most ${MAX_ENV_VALUE_CHARS} are allowed (keep large values in SSM or Secrets Manager)`;
    return { finding: error(message, { line, key }) };
  }
  const reference = parseEnvReference(value);
  if (reference && 'problem' in reference) return { finding: error(`${key}: ${reference.problem}`, { line, key }) };
  return { key, value, reference: reference ? reference.reference : null };
}

/** Parses an env file's text; `file` is how problems name it (`projects/django-app.env`). */
export function parseEnvFile(file: string, text: string): LoadedEnvFile {
  const entries = new Map<string, EnvFileEntry>();
  const values: Record<string, string> = {};
  const findings: Finding[] = [];
  for (const [index, raw] of text.replace(/^\uFEFF/, '').split(/\r?\n/).entries()) {
    const line = index + 1;
    const result = parseLine(raw, line);
    if (result === null) continue;
    if ('finding' in result) {
      findings.push(result.finding);
      continue;
    }
    const earlier = entries.get(result.key);
    if (earlier) {
      findings.push(warning(`${result.key} is already set on line ${earlier.line}; this later value wins`, { line, key: result.key }));
      // The later line takes the earlier one's place in the list: listed in the order of the winners' lines.
      entries.delete(result.key);
    }
    entries.set(result.key, { key: result.key, line, reference: result.reference });
    values[result.key] = result.value;
  }
  return { envFile: { file, entries: [...entries.values()] }, values, findings };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads and parses an env file with the projects folder's rules (no links, a size limit, UTF-8). */
export async function loadEnvFile(path: string, file: string): Promise<LoadedEnvFile> {
  const read = await readProjectFile(
    path,
    'an env file',
    MAX_ENV_FILE_BYTES,
    (size) => `this file is ${formatByteCount(size)}; an env file must be at most ${formatBytes(MAX_ENV_FILE_BYTES)} (keep large values in SSM or Secrets Manager)`,
  );
  const unreadable = (reason: string): LoadedEnvFile => ({ envFile: { file, entries: [] }, values: {}, findings: [error(reason)] });
  if (!read.ok) return unreadable(read.reason);
  let text: string;
  try {
    text = UTF8.decode(read.bytes);
  } catch {
    return unreadable('this file is not UTF-8 text; an env file holds NAME=value lines');
  }
  return parseEnvFile(file, text);
}
