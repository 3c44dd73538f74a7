import { compileTemplate, SAMPLE_VARS } from './template';
import { parseNunjucksMessage } from './template-errors';

function compileFinding(source: string) {
  const result = compileTemplate(source, 'x.sh');
  if (result.ok) throw new Error('expected a compile error');
  return result.findings[0];
}

function renderFinding(source: string) {
  const result = compileTemplate(source, 'x.sh');
  if (!result.ok) throw new Error(`unexpected compile error: ${result.findings[0]?.message}`);
  const rendered = result.template.render(SAMPLE_VARS);
  if (rendered.ok) throw new Error('expected a render error');
  return rendered.finding;
}

describe('compileTemplate', () => {
  test('renders with the variables and the shq filter', () => {
    const result = compileTemplate('U={{ GIT_USER | shq }} B={{ GIT_BRANCH }} R={{ REVISION }}', 'x.sh');
    expect(result.ok && result.template.render({ GIT_USER: "o'k", GIT_BRANCH: 'main', REVISION: 'r1' })).toEqual({
      ok: true,
      output: `U='o'\\''k' B=main R=r1`,
    });
  });

  test('leaves shell syntax alone and does not trim blocks', () => {
    const source = 'echo "${HOME}" $((1+2))\n{% if true %}\nx\n{% endif %}\n';
    const result = compileTemplate(source, 'x.sh');
    expect(result.ok && result.template.render(SAMPLE_VARS)).toEqual({ ok: true, output: 'echo "${HOME}" $((1+2))\n\nx\n\n' });
  });

  test('locates a syntax error from nunjucks [Line N, Column M]', () => {
    expect(compileFinding('a\nb\n{{ 1 + }}\n')).toEqual({ severity: 'error', line: 3, message: 'template syntax error: unexpected token: }}' });
    expect(compileFinding('a\n{% blah %}')).toMatchObject({ line: 2, message: 'template syntax error: unknown block tag: blah' });
  });

  test('locates an unclosed block at the line that opened it', () => {
    expect(compileFinding('a\n{% if x %}\nb\n')).toEqual({
      severity: 'error',
      line: 2,
      message: 'template syntax error: the {% if %} on this line is never closed (expected elif, else, or endif, got end of file)',
    });
    expect(compileFinding('a\n\n{% for x in y %}\n')).toMatchObject({ line: 3 });
  });

  test('locates an unclosed expression or comment', () => {
    expect(compileFinding('a\nb\n{{ "abc }}\n')).toMatchObject({ line: 3 });
    expect(compileFinding('a\n{# note\n')).toMatchObject({ line: 2 });
  });

  test('falls back to line 1', () => {
    expect(compileFinding('{% if %}')).toMatchObject({ line: 1 });
  });
});

describe('errors found before rendering', () => {
  test('locates an unknown filter and suggests a close one', () => {
    expect(compileFinding('a\nb\nX={{ GIT_USER | shg }}\n')).toEqual({
      severity: 'error',
      line: 3,
      message: "template error: unknown filter 'shg'; did you mean 'shq'?",
    });
  });

  test('refuses a call of anything but a macro, caller or range', () => {
    expect(compileFinding('l1\nl2\n{{ nothing() }}')).toMatchObject({ line: 3, message: expect.stringContaining("'nothing' is not one of them") });
  });

  test('refuses includes: no file is ever read', () => {
    expect(compileFinding('a\n{% include "../package.json" %}')).toEqual({
      severity: 'error',
      line: 2,
      message: 'template error: projects cannot include, import or extend other files; put everything the script needs in this one file',
    });
  });
});

describe('render errors', () => {
  test('shifts nunjucks 0-based render lines to 1-based', () => {
    expect(renderFinding('l1\nl2\n{{ range(2) | dictsort }}')).toMatchObject({ line: 3, message: expect.stringContaining('dictsort') });
  });

  test('reports a refusal of the sandbox at render as template refused, on its line', () => {
    expect(renderFinding('l1\n{{ range("a") }}')).toEqual({ severity: 'error', line: 2, message: 'template refused: range() takes numbers' });
  });
});

describe('parseNunjucksMessage', () => {
  test('strips nested headers and keeps the first line number', () => {
    expect(parseNunjucksMessage('(x.sh) [Line 4, Column 2]\n  Template render error: (x.sh)\n  Error: boom')).toEqual({ message: 'boom', line: 4 });
    expect(parseNunjucksMessage('(x.sh)\n  plain')).toEqual({ message: 'plain', line: null });
  });
});
