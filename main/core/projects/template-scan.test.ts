import { lineOf, scanTags, unclosedLine } from './template-scan';

describe('scanTags', () => {
  test('finds variables, blocks and comments with their lines', () => {
    const tags = scanTags('a {{ x }}\n{% if y %}\n{# c #}{%- endif -%}');
    expect(tags.map((t) => [t.kind, t.body.trim(), t.line, t.closed])).toEqual([
      ['variable', 'x', 1, true],
      ['block', 'if y', 2, true],
      ['comment', 'c', 3, true],
      ['block', 'endif', 3, true],
    ]);
  });

  test('is not fooled by closers inside strings', () => {
    const [tag] = scanTags('{{ "}}" ~ x }}');
    expect(tag?.body).toBe(' "}}" ~ x ');
    expect(tag?.code).toBe(' "  " ~ x ');
  });

  test('marks an unclosed tag', () => {
    expect(scanTags('a\n{{ x')[0]).toMatchObject({ line: 2, closed: false });
  });
});

describe('unclosedLine', () => {
  test('points at an unclosed tag', () => {
    expect(unclosedLine('a\nb\n{{ "abc }}\n')).toBe(3);
    expect(unclosedLine('a\n{# never closed\n')).toBe(2);
  });
  test('points at the innermost unclosed block, of the kind asked for', () => {
    expect(unclosedLine('{% for x in y %}\n{% if x %}\nbody\n')).toBe(2);
    expect(unclosedLine('{% for x in y %}\n{% if x %}{% endif %}\n', 'for')).toBe(1);
    expect(unclosedLine('{% set a = 1 %}\n{% set b %}\nx\n')).toBe(2);
  });
  test('answers null when everything is closed', () => {
    expect(unclosedLine('{% if a %}{% endif %}{{ x }}')).toBeNull();
  });
});

describe('lineOf', () => {
  test('counts lines', () => {
    expect(lineOf('a\nb\nc', 0)).toBe(1);
    expect(lineOf('a\nb\nc', 2)).toBe(2);
    expect(lineOf('a\nb\nc', 4)).toBe(3);
  });
});
