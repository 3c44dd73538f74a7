import type { TemplateOption } from '../../contract/projects/dto';
import { FlotillaError } from '../../contract/errors';
import {
  acceptedValues,
  canonicalOptionValue,
  MAX_OPTION_TEXT_CHARS,
  optionProblems,
  optionValueProblem,
  optionValues,
  parseOptionDeclaration,
} from './template-options';

function declare(value: string, name = 'workers'): TemplateOption {
  const parsed = parseOptionDeclaration(`option.${name}`, value, 7);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.option;
}

function refusal(value: string, name = 'workers'): string {
  const parsed = parseOptionDeclaration(`option.${name}`, value, 7);
  if (parsed.ok) throw new Error(`accepted: ${JSON.stringify(parsed.option)}`);
  return parsed.message;
}

describe('parseOptionDeclaration', () => {
  test.each([
    ['int(1..16) 3 "gunicorn workers"', { type: 'int', default: '3', choices: [], min: 1, max: 16, description: 'gunicorn workers' }],
    ['int 2 "gunicorn workers"', { type: 'int', default: '2', choices: [], description: 'gunicorn workers' }],
    ['int(-5..5) -0', { type: 'int', default: '0', choices: [], min: -5, max: 5, description: null }],
    ['int 007', { type: 'int', default: '7', description: null }],
    ['bool false', { type: 'bool', default: 'false', choices: [], description: null }],
    ['bool TRUE "Django DEBUG"', { type: 'bool', default: 'true', description: 'Django DEBUG' }],
    ['enum(main,staging) main', { type: 'enum', default: 'main', choices: ['main', 'staging'], description: null }],
    ['enum( main , staging, v1.2_x-y ) staging', { type: 'enum', default: 'staging', choices: ['main', 'staging', 'v1.2_x-y'] }],
    ['string hello', { type: 'string', default: 'hello', choices: [] }],
    ['string "" "empty by default"', { type: 'string', default: '', description: 'empty by default' }],
    ['string "two words" "say \\"hi\\" to C:\\\\"', { type: 'string', default: 'two words', description: 'say "hi" to C:\\' }],
    ['string   "a \\"quoted\\" default"   ', { type: 'string', default: 'a "quoted" default', description: null }],
  ])('reads %s', (value, expected) => {
    expect(declare(value)).toMatchObject({ name: 'workers', line: 7, ...expected });
  });

  test('gives no min or max for an int without a range', () => {
    expect(declare('int 2')).toEqual({ name: 'workers', type: 'int', default: '2', choices: [], description: null, line: 7 });
  });

  test.each([
    ['', /^option workers: write the declaration as <type> <default> \["description"\], like "option\.workers = int\(1\.\.16\) 3 "gunicorn workers""$/],
    ['int', /^option workers: the option has no default; write it after the type/],
    ['integer 3', /^option workers: unknown type 'integer'; did you mean 'int'\?/],
    ['boolean true', /^option workers: unknown type 'boolean'; did you mean 'bool'\?/],
    ['strng x', /^option workers: unknown type 'strng'; did you mean 'string'\?/],
    ['__proto__ 1', /^option workers: unknown type '__proto__' \(the types/],
    ['float 3', /^option workers: unknown type 'float' \(the types are int, int\(min\.\.max\), bool, enum\(a,b,\.\.\.\) and string\)$/],
    ['int(1..99999999999999999999) 3', /^option workers: the range bounds must be whole numbers from -9007199254740991 to 9007199254740991$/],
    ['int(-99999999999999999999..1) 0', /the range bounds must be whole numbers/],
    ['int(16..1) 3', /^option workers: the range int\(16\.\.1\) is empty: 16 is more than 1; write the smaller bound first$/],
    ['int(1..x) 3', /^option workers: the range '\(1\.\.x\)' must be two whole numbers, like int\(1\.\.16\)$/],
    ['int(1.5..2) 2', /must be two whole numbers/],
    ['int(1..16) 0', /^option workers must be a whole number from 1 to 16, not '0'; fix the default on this line$/],
    ['int 2.5', /^option workers must be a whole number, not '2\.5'; fix the default/],
    ['int 1e3', /must be a whole number, not '1e3'/],
    ['int 99999999999999999', /must be a whole number, not '99999999999999999'/],
    ['bool maybe', /^option workers must be true or false, not 'maybe'; fix the default/],
    ['bool(1) true', /^option workers: bool takes nothing in parentheses; write just bool$/],
    ['string(3) x', /string takes nothing in parentheses/],
    ['enum main', /^option workers: enum needs its choices in parentheses, like enum\(main,staging\)$/],
    ['enum() x', /^option workers: choice 1 of the enum is empty;/],
    ['enum(a,,b) a', /^option workers: choice 2 of the enum is empty;/],
    ['enum(a,b,) a', /choice 3 of the enum is empty/],
    ['enum(a,b,a) a', /^option workers: enum choice 'a' is listed twice; list each choice once$/],
    ['enum(a b,c) c', /^option workers: enum choice 'a b' must be 1 to 64 letters, digits/],
    ["enum(a,$(reboot)) a", /unknown type|write the declaration/],
    ['enum(main,staging) prod', /^option workers must be one of main, staging, not 'prod'; fix the default/],
    ['enum(main,staging) Main', /not 'Main'; did you mean 'main'\?; fix the default/],
    ['string "unterminated', /^option workers: the default has no closing double quote$/],
    ['string x unquoted description', /^option workers: the description must be in double quotes, like "gunicorn workers" \(found 'unquoted description'\)$/],
    ['string x "desc', /the description has no closing double quote/],
    ['string x "desc" trailing', /^option workers: unexpected text after the description: 'trailing'$/],
    [`string x "${'d'.repeat(201)}"`, /the description has 201 characters; at most 200 are allowed/],
    ['string x "bell\x07"', /the description holds control characters: 'bell\\x07'/],
    [`string "${'v'.repeat(MAX_OPTION_TEXT_CHARS + 1)}"`, /^option workers must be at most 1024 characters, not 1025; fix the default/],
    ['string "tab\there"', /must be text without control characters/],
  ])('refuses %j', (value, message) => {
    expect(refusal(value)).toMatch(message);
  });

  test('refuses more than 100 enum choices', () => {
    const choices = Array.from({ length: 101 }, (_, i) => `c${i}`).join(',');
    expect(refusal(`enum(${choices}) c0`)).toBe('option workers: enum has 101 choices; at most 100 are allowed');
  });

  test('is quick on a huge range or a huge enum', () => {
    const started = performance.now();
    expect(refusal(`int(1..${'9'.repeat(100_000)}) 3`)).toMatch(/range bounds/);
    expect(refusal(`enum(${'a,'.repeat(50_000)}a) a`)).toMatch(/at most 100/);
    expect(refusal(`${'x'.repeat(100_000)} 1`)).toMatch(/^option workers: unknown type 'x{57}\.\.\.' \(the types/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test.each([
    ['Workers', "option name 'Workers' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'workers'"],
    ['max-workers', "option name 'max-workers' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'max_workers'"],
    ['a.b', "option name 'a.b' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'a_b'"],
    ['_x', "option name '_x' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'x'"],
    ['1st', "option name '1st' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'st'"],
    ['__proto__', "option name '__proto__' must be lowercase letters, digits and _, start with a letter and have at most 40 characters; try 'proto__'"],
    ['x'.repeat(41), expect.stringMatching(/^option name 'x{41}' must be .* at most 40 characters; try 'x{40}'$/)],
    ['', 'the option has no name; write it as "option.workers = int(1..16) 3 "gunicorn workers""'],
    ['constructor', 'option name \'constructor\' is a property every JavaScript value has, so a template could not read OPTIONS.constructor; choose another name'],
    ['name', expect.stringMatching(/^option name 'name' is a property every JavaScript value has/)],
    ['length', null],
    ['workers_2', null],
  ])('option name %j', (name, message) => {
    const parsed = parseOptionDeclaration(`option.${name}`, 'int 1', 3);
    expect(parsed.ok ? null : parsed.message).toEqual(message);
  });
});

describe('optionValueProblem and canonicalOptionValue', () => {
  const workers = declare('int(1..16) 3');
  const count = declare('int 0', 'count');
  const debug = declare('bool false', 'debug');
  const site = declare('enum(main,staging) main', 'site');
  const greeting = declare('string hi', 'greeting');

  test.each([
    [workers, '4', '4'],
    [workers, ' 16 ', '16'],
    [workers, '+01', '1'],
    [count, '-42', '-42'],
    [count, '9007199254740991', '9007199254740991'],
    [debug, 'TRUE', 'true'],
    [debug, 'yes', 'true'],
    [debug, '0', 'false'],
    [debug, ' off ', 'false'],
    [site, 'staging', 'staging'],
    [greeting, '  spaced out  ', '  spaced out  '],
    [greeting, '', ''],
    [greeting, "it's $(rm -rf /) `x`", "it's $(rm -rf /) `x`"],
  ])('%#: accepts %j as %j', (option, value, canonical) => {
    expect(optionValueProblem(option, value)).toBeNull();
    expect(canonicalOptionValue(option, value)).toBe(canonical);
  });

  test.each([
    [workers, 'x', "option workers must be a whole number from 1 to 16, not 'x'"],
    [workers, '17', "option workers must be a whole number from 1 to 16, not '17'"],
    [workers, '', "option workers must be a whole number from 1 to 16, not ''"],
    [workers, '0x10', "option workers must be a whole number from 1 to 16, not '0x10'"],
    [workers, '4.0', "option workers must be a whole number from 1 to 16, not '4.0'"],
    [count, '9007199254740993', "option count must be a whole number, not '9007199254740993'"],
    [count, 'Infinity', "option count must be a whole number, not 'Infinity'"],
    [debug, 'maybe', "option debug must be true or false, not 'maybe'"],
    [site, 'prod', "option site must be one of main, staging, not 'prod'"],
    [site, 'stagin', "option site must be one of main, staging, not 'stagin'; did you mean 'staging'?"],
    [greeting, 'a\nb', "option greeting must be text without control characters (line breaks, tabs, ...), not 'a\\nb'"],
    [greeting, 'rtl\u202eevil', expect.stringMatching(/^option greeting must be text without control characters/)],
    [greeting, 'x'.repeat(1025), 'option greeting must be at most 1024 characters, not 1025'],
  ])('%#: refuses %j', (option, value, message) => {
    expect(optionValueProblem(option, value)).toEqual(message);
    expect(() => canonicalOptionValue(option, value)).toThrow(FlotillaError);
  });

  test('refuses a value that is not text (hostile JSON), saying what it is', () => {
    expect(optionValueProblem(workers, 4 as unknown as string)).toBe('option workers must be a whole number from 1 to 16, not number');
    expect(optionValueProblem(greeting, { toString: () => 'x' } as unknown as string)).toMatch(/not object$/);
  });

  test('cuts a long value in the message', () => {
    expect(optionValueProblem(site, 'p'.repeat(10_000))).toBe(`option site must be one of main, staging, not '${'p'.repeat(57)}...'`);
  });

  test('describes the accepted values', () => {
    expect([workers, count, debug, site, greeting].map(acceptedValues)).toEqual([
      'a whole number from 1 to 16',
      'a whole number',
      'true or false',
      'one of main, staging',
      'text of at most 1024 characters, without control characters',
    ]);
  });
});

describe('optionProblems and optionValues', () => {
  const options = [declare('int(1..16) 3', 'workers'), declare('bool false', 'debug'), declare('enum(main,staging) main', 'site')];

  test('fills defaults and canonical values, for every declared option only', () => {
    expect(optionValues(options, {})).toEqual({ workers: '3', debug: 'false', site: 'main' });
    expect(optionValues(options, { workers: '04', debug: 'yes' })).toEqual({ workers: '4', debug: 'true', site: 'main' });
    expect(optionValues([], {})).toEqual({});
  });

  test('names the nearest known option for an unknown one', () => {
    expect(optionProblems(options, { wrokers: '4' })).toEqual(["unknown option 'wrokers'; did you mean 'workers'?"]);
    expect(optionProblems(options, { colour: 'red' })).toEqual(["unknown option 'colour'; the template's options are workers, debug, site"]);
    expect(optionProblems([], { workers: '4' })).toEqual(["unknown option 'workers'; this template declares no options"]);
  });

  test('lists every problem, and optionValues refuses with them all', () => {
    const given = { workers: '99', site: 'prod', extra: '1' };
    const problems = optionProblems(options, given);
    expect(problems).toEqual([
      "option workers must be a whole number from 1 to 16, not '99'",
      "option site must be one of main, staging, not 'prod'",
      "unknown option 'extra'; the template's options are workers, debug, site",
    ]);
    expect(() => optionValues(options, given)).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: "option workers must be a whole number from 1 to 16, not '99' (and 2 more).", data: { problems: problems.map((p) => ({ message: p, text: p })) } }),
    );
  });

  test('treats __proto__, constructor and other inherited names as unknown options, never as lookups', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x", "toString": "y"}') as Record<string, string>;
    expect(optionProblems(options, hostile)).toEqual([
      "unknown option '__proto__'; the template's options are workers, debug, site",
      "unknown option 'constructor'; the template's options are workers, debug, site",
      "unknown option 'toString'; the template's options are workers, debug, site",
    ]);
    expect(() => optionValues(options, hostile)).toThrow(FlotillaError);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('answers a plain record whose keys are the declared names only', () => {
    const values = optionValues(options, { debug: 'on' });
    expect(Object.keys(values)).toEqual(['workers', 'debug', 'site']);
    expect(Object.values(values).every((v) => typeof v === 'string')).toBe(true);
  });

  test('does not spend long on a huge unknown name', () => {
    const started = performance.now();
    expect(optionProblems(options, { ['w'.repeat(1_000_000)]: '1' })[0]).toMatch(/^unknown option 'w{57}\.\.\.'; the template's options are/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
