/**
 * Template options (issue 15): `# fleeting-meta:option.<name> = <type> <default> ["description"]`.
 * A template reads each as `OPTIONS.<name>`, always a string (bool: 'true' or 'false'; int: its
 * decimal form). The declarations are checked when the catalog loads; the values a launch gives
 * are checked here before anything renders (optionProblems, then optionValues).
 */
import type { TemplateOption, TemplateOptionType } from '../../contract/projects/dto';
import { errorProblem, FlotillaError } from '../../contract/errors';
import { hasControlCharacter } from '../../contract/text';
import { nearest } from './edit-distance';
import { displayValue } from './git-names';
import { isDataProperty } from './template-guard';

/** Meta keys that declare an option start with this. */
export const OPTION_KEY_PREFIX = 'option.';
export const OPTION_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const OPTION_TYPES: readonly TemplateOptionType[] = ['int', 'bool', 'enum', 'string'];
/** Longest value of a `string` option. */
export const MAX_OPTION_TEXT_CHARS = 1024;
export const MAX_OPTION_DESCRIPTION_CHARS = 200;
export const MAX_ENUM_CHOICES = 100;
const ENUM_CHOICE = /^[A-Za-z0-9._-]{1,64}$/;
/** A whole number as typed: optional sign, at most 16 digits (then checked to be a safe integer). */
const INT_TEXT = /^[+-]?\d{1,16}$/;
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);
const EXAMPLE = 'option.workers = int(1..16) 3 "gunicorn workers"';

export type OptionDeclaration = { ok: true; option: TemplateOption } | { ok: false; message: string };

/** How a value shows in a message: control characters escaped, long ones cut. */
function shown(value: string): string {
  const text = displayValue(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What is wrong with an option's name (the part after `option.`), or null. */
export function optionNameProblem(name: string): string | null {
  if (name === '') return `the option has no name; write it as "${EXAMPLE}"`;
  if (!OPTION_NAME.test(name)) {
    const guess = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').slice(0, 40);
    const hint = OPTION_NAME.test(guess) ? `; try '${guess}'` : '';
    return `option name '${shown(name)}' must be lowercase letters, digits and _, start with a letter and have at most 40 characters${hint}`;
  }
  if (!isDataProperty(name)) {
    return `option name '${name}' is a property every JavaScript value has, so a template could not read OPTIONS.${name}; choose another name`;
  }
  return null;
}

/** The values an option accepts, in words: "a whole number from 1 to 16", "one of main, staging". */
export function acceptedValues(option: TemplateOption): string {
  switch (option.type) {
    case 'int':
      return option.min !== undefined && option.max !== undefined ? `a whole number from ${option.min} to ${option.max}` : 'a whole number';
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${option.choices.join(', ')}`;
    case 'string':
      return `text of at most ${MAX_OPTION_TEXT_CHARS} characters, without control characters`;
  }
}

type Checked = { value: string } | { problem: string };

function checkValue(option: TemplateOption, raw: unknown): Checked {
  const refuse = (extra = ''): Checked => ({
    problem: `option ${option.name} must be ${acceptedValues(option)}, not ${typeof raw === 'string' ? `'${shown(raw)}'` : typeof raw}${extra}`,
  });
  if (typeof raw !== 'string') return refuse();
  const text = raw.trim();
  switch (option.type) {
    case 'int': {
      const number = INT_TEXT.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(number)) return refuse();
      if ((option.min !== undefined && number < option.min) || (option.max !== undefined && number > option.max)) return refuse();
      return { value: String(number) };
    }
    case 'bool': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: 'true' };
      if (FALSE_WORDS.has(word)) return { value: 'false' };
      return refuse();
    }
    case 'enum': {
      if (option.choices.includes(text)) return { value: text };
      const guess = text.length <= 64 ? nearest(text, option.choices) : null;
      return refuse(guess ? `; did you mean '${guess}'?` : '');
    }
    case 'string':
      if (raw.length > MAX_OPTION_TEXT_CHARS) return { problem: `option ${option.name} must be at most ${MAX_OPTION_TEXT_CHARS} characters, not ${raw.length}` };
      if (hasControlCharacter(raw)) return { problem: `option ${option.name} must be text without control characters (line breaks, tabs, ...), not '${shown(raw)}'` };
      return { value: raw };
  }
}

/** What is wrong with a value for `option` (naming the option and what it accepts), or null. */
export function optionValueProblem(option: TemplateOption, value: string): string | null {
  const checked = checkValue(option, value);
  return 'problem' in checked ? checked.problem : null;
}

/** The value as templates see it (int: decimal; bool: true/false; text as given). Throws on an invalid value. */
export function canonicalOptionValue(option: TemplateOption, value: string): string {
  const checked = checkValue(option, value);
  if ('problem' in checked) throw new FlotillaError('invalid-input', `${checked.problem}.`, { option: option.name });
  return checked.value;
}

/** Reads a double-quoted text at the start of `text` (`\"` and `\\` escape); answers it and what follows. */
function readQuoted(text: string): { value: string; rest: string } | null {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { value, rest: text.slice(i + 1) };
    if (char === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[++i];
      continue;
    }
    value += char;
  }
  return null;
}

/** `int`, `int(1..16)`, `bool`, `enum(a,b)`, `string`, then a space or the end. */
const TYPE = /^([A-Za-z_]+)(?:\(([^()]*)\))?(?=\s|$)/;
/** Names of the types in other languages, for the suggestion. */
const TYPE_ALIASES = new Map<string, TemplateOptionType>([
  ['integer', 'int'],
  ['number', 'int'],
  ['boolean', 'bool'],
  ['str', 'string'],
  ['text', 'string'],
  ['choice', 'enum'],
]);
const INT_RANGE = /^\s*([+-]?\d+)\s*\.\.\s*([+-]?\d+)\s*$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseType(name: string, word: string, args: string | undefined): Parsed<Pick<TemplateOption, 'type' | 'choices' | 'min' | 'max'>> {
  const fail = (message: string) => ({ ok: false as const, message: `option ${name}: ${message}` });
  const type = OPTION_TYPES.find((t) => t === word);
  if (!type) {
    const lower = word.toLowerCase();
    const guess = TYPE_ALIASES.get(lower) ?? (word.length <= 40 ? nearest(lower, OPTION_TYPES) : null);
    return fail(`unknown type '${shown(word)}'${guess ? `; did you mean '${guess}'?` : ''} (the types are int, int(min..max), bool, enum(a,b,...) and string)`);
  }
  if (type === 'enum') {
    if (args === undefined) return fail('enum needs its choices in parentheses, like enum(main,staging)');
    const choices = args.split(',').map((c) => c.trim());
    if (choices.length > MAX_ENUM_CHOICES) return fail(`enum has ${choices.length} choices; at most ${MAX_ENUM_CHOICES} are allowed`);
    for (const [index, choice] of choices.entries()) {
      if (choice === '') return fail(`choice ${index + 1} of the enum is empty; separate the choices with single commas, like enum(main,staging)`);
      if (!ENUM_CHOICE.test(choice)) return fail(`enum choice '${shown(choice)}' must be 1 to 64 letters, digits, '.', '_' or '-'`);
      if (choices.indexOf(choice) !== index) return fail(`enum choice '${choice}' is listed twice; list each choice once`);
    }
    return { ok: true, value: { type, choices } };
  }
  if (type !== 'int') return args === undefined ? { ok: true, value: { type, choices: [] } } : fail(`${type} takes nothing in parentheses; write just ${type}`);
  if (args === undefined) return { ok: true, value: { type, choices: [] } };
  const range = INT_RANGE.exec(args);
  if (!range) return fail(`the range '(${shown(args)})' must be two whole numbers, like int(1..16)`);
  const [min, max] = [Number(range[1]), Number(range[2])];
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
    return fail(`the range bounds must be whole numbers from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`);
  }
  if (min > max) return fail(`the range int(${min}..${max}) is empty: ${min} is more than ${max}; write the smaller bound first`);
  return { ok: true, value: { type, choices: [], min: min === 0 ? 0 : min, max: max === 0 ? 0 : max } };
}

/** Reads one word, or a double-quoted text, at the start of `text`. */
function readValue(text: string): { value: string; rest: string } | null {
  if (text.startsWith('"')) return readQuoted(text);
  const word = /^\S+/.exec(text)?.[0];
  return word === undefined ? null : { value: word, rest: text.slice(word.length) };
}

/**
 * Parses `option.<name>`'s value: `<type> <default> ["description"]`. Answers the option (its
 * default in canonical form) or what is wrong with the declaration, naming the option.
 */
export function parseOptionDeclaration(key: string, value: string, line: number): OptionDeclaration {
  const name = key.startsWith(OPTION_KEY_PREFIX) ? key.slice(OPTION_KEY_PREFIX.length) : key;
  const nameProblem = optionNameProblem(name);
  if (nameProblem) return { ok: false, message: nameProblem };
  const fail = (message: string): OptionDeclaration => ({ ok: false, message: `option ${name}: ${message}` });
  const typeMatch = TYPE.exec(value);
  if (!typeMatch) return fail(`write the declaration as <type> <default> ["description"], like "${EXAMPLE}"`);
  const type = parseType(name, typeMatch[1]!, typeMatch[2]);
  if (!type.ok) return { ok: false, message: type.message };
  const afterType = value.slice(typeMatch[0].length).trimStart();
  const defaultPart = readValue(afterType);
  if (!defaultPart) {
    return afterType.startsWith('"') ? fail('the default has no closing double quote') : fail(`the option has no default; write it after the type, like "${EXAMPLE}"`);
  }
  const rest = defaultPart.rest.trim();
  let description: string | null = null;
  if (rest !== '') {
    if (!rest.startsWith('"')) return fail(`the description must be in double quotes, like "gunicorn workers" (found '${shown(rest)}')`);
    const quoted = readQuoted(rest);
    if (!quoted) return fail('the description has no closing double quote');
    if (quoted.rest.trim() !== '') return fail(`unexpected text after the description: '${shown(quoted.rest.trim())}'`);
    if (quoted.value.length > MAX_OPTION_DESCRIPTION_CHARS) return fail(`the description has ${quoted.value.length} characters; at most ${MAX_OPTION_DESCRIPTION_CHARS} are allowed`);
    if (hasControlCharacter(quoted.value)) return fail(`the description holds control characters: '${shown(quoted.value)}'`);
    description = quoted.value;
  }
  const option: TemplateOption = { name, ...type.value, default: defaultPart.value, description, line };
  const checked = checkValue(option, defaultPart.value);
  if ('problem' in checked) return { ok: false, message: `${checked.problem}; fix the default on this line` };
  return { ok: true, option: { ...option, default: checked.value } };
}

/**
 * How many unknown option names are named one by one (each compared with every declared name for
 * a suggestion); the rest are counted. A launch over IPC may name thousands.
 */
export const MAX_UNKNOWN_OPTIONS_NAMED = 5;
/** How many of the template's option names a hint lists. */
const MAX_LISTED_OPTIONS = 20;

function listNames(names: readonly string[]): string {
  if (names.length <= MAX_LISTED_OPTIONS) return names.join(', ');
  return `${names.slice(0, MAX_LISTED_OPTIONS).join(', ')}, and ${names.length - MAX_LISTED_OPTIONS} more`;
}

/** Why `name` is no option of the template: the nearest declared name, else the declared ones. */
function unknownOptionProblem(options: readonly TemplateOption[], name: string): string {
  const names = options.map((o) => o.name);
  const guess = name.length <= 80 ? nearest(name, names) : null;
  const hint = guess ? `did you mean '${guess}'?` : names.length > 0 ? `the template's options are ${listNames(names)}` : 'this template declares no options';
  return `unknown option '${shown(name)}'; ${hint}`;
}

/**
 * The problems of names the template does not declare: the first MAX_UNKNOWN_OPTIONS_NAMED each
 * with its own (`name` is the one it is about), then one counting the others (`name` is the next).
 */
export function unknownOptionsProblems(options: readonly TemplateOption[], names: readonly string[]): { name: string; message: string; more?: true }[] {
  const problems: { name: string; message: string; more?: true }[] = names.slice(0, MAX_UNKNOWN_OPTIONS_NAMED).map((name) => ({ name, message: unknownOptionProblem(options, name) }));
  const rest = names.length - MAX_UNKNOWN_OPTIONS_NAMED;
  if (rest > 0) problems.push({ name: names[MAX_UNKNOWN_OPTIONS_NAMED]!, message: `and ${rest} more unknown option${rest === 1 ? '' : 's'}`, more: true });
  return problems;
}

/**
 * Everything wrong with the option values a launch gives (`given`, by name): invalid values, and
 * unknown names (with the nearest declared one; see unknownOptionsProblems). Empty when all are acceptable.
 */
export function optionProblems(options: readonly TemplateOption[], given: Readonly<Record<string, string>>): string[] {
  const byName = new Map(options.map((o) => [o.name, o]));
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    const option = byName.get(name);
    if (!option) unknown.push(name);
    else {
      const problem = optionValueProblem(option, value);
      if (problem) problems.push(problem);
    }
  }
  return [...problems, ...unknownOptionsProblems(options, unknown).map((p) => p.message)];
}

/**
 * OPTIONS for a render: every declared option, with the value given (canonical) or its default.
 * Throws FlotillaError('invalid-input', ..., { problems }) on an unknown name or invalid value:
 * the launch checks with optionProblems first, so this throwing is a bug, not a user's mistake.
 */
export function optionValues(options: readonly TemplateOption[], given: Readonly<Record<string, string>>): Record<string, string> {
  const problems = optionProblems(options, given);
  if (problems.length > 0) {
    throw new FlotillaError('invalid-input', `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, { problems: problems.map((p) => errorProblem(p)) });
  }
  const values: Record<string, string> = {};
  for (const option of options) {
    values[option.name] = Object.hasOwn(given, option.name) ? canonicalOptionValue(option, given[option.name]!) : option.default;
  }
  return values;
}
