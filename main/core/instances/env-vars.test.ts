import { envProblems, parseEnvAssignments } from './env-vars';

describe('launch environment variables', () => {
  test('accepts upper-case names with any text value', () => {
    expect(envProblems({ API_URL: 'https://x', _PRIVATE: '', A1: "it's $(fine)" })).toEqual([]);
  });

  test('refuses bad names with a suggestion', () => {
    expect(envProblems({ 'api-url': 'x' })).toEqual([
      "environment variable name 'api-url' must be upper-case letters, digits and _, not starting with a digit; try 'API_URL'",
    ]);
    expect(envProblems({ '1ABC': 'x' })[0]).toContain("'1ABC'");
    expect(envProblems({ A: 'x\0y' })[0]).toContain('NUL');
  });

  test('parses KEY=VALUE from the command line, keeping = in values', () => {
    expect(parseEnvAssignments(['A=1', 'B=x=y', 'C='])).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(() => parseEnvAssignments(['NOEQUALS'])).toThrow(/not KEY=VALUE/);
    expect(() => parseEnvAssignments(['lower=1'])).toThrow(/upper-case/);
  });

  test('--env __proto__=x is refused by name, not dropped without a word', () => {
    expect(() => parseEnvAssignments(['__proto__=x'])).toThrow(/environment variable name '__proto__' must be upper-case/);
    expect(Object.getPrototypeOf(parseEnvAssignments(['A=1']))).toBe(Object.prototype);
  });
});
