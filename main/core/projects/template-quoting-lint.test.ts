import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findUnquotedInsertions, UNTRUSTED_VARIABLES } from './template-quoting-lint';

describe('findUnquotedInsertions', () => {
  const lines = (source: string) => findUnquotedInsertions(source).map((f) => [f.line, f.message]);

  test('warns on a bare insertion, on its line', () => {
    expect(lines('#!/bin/bash\nBRANCH={{ GIT_BRANCH }}\n')).toEqual([
      [2, 'GIT_BRANCH is inserted without shell quoting; write {{ GIT_BRANCH | shq }}'],
    ]);
  });

  test('accepts insertions piped through shq', () => {
    expect(lines('A={{ GIT_BRANCH | shq }}\nB={{GIT_USER|shq}}\nC={{- ENV.TOKEN | shq -}}\nD={{ GIT_USER | lower | shq }}')).toEqual([]);
    expect(lines('E={{ ("https://github.com/" ~ GIT_USER ~ "/x.git") | shq }}')).toEqual([]);
    expect(lines('F={{ GIT_BRANCH | default("main") | shq }}')).toEqual([]);
  });

  test('warns when shq is not the last filter, or quotes something else', () => {
    expect(lines('A={{ GIT_USER | shq | replace("\'", "") }}')).toHaveLength(1);
    expect(lines('B={{ "x" ~ GIT_USER ~ "y" | shq }}')).toEqual([
      [1, 'GIT_USER is inserted without shell quoting; write {{ GIT_USER | shq }}'],
    ]);
    expect(lines('C={{ GIT_USER | shq ~ GIT_BRANCH }}')).toEqual([
      [1, 'GIT_BRANCH is inserted without shell quoting; write {{ GIT_BRANCH | shq }}'],
    ]);
  });

  test('names ENV entries as written', () => {
    expect(lines('X={{ ENV.API_KEY }}\nY={{ ENV["REGION"] }}')).toEqual([
      [1, 'ENV.API_KEY is inserted without shell quoting; write {{ ENV.API_KEY | shq }}'],
      [2, 'ENV["REGION"] is inserted without shell quoting; write {{ ENV["REGION"] | shq }}'],
    ]);
  });

  test('ignores comments, raw blocks, string literals, block tags and other variables', () => {
    const source = [
      '{# {{ GIT_BRANCH }} #}',
      '{% raw %}{{ GIT_BRANCH }}{% endraw %}',
      '{{ "GIT_BRANCH" }}',
      '{% if GIT_BRANCH == "main" %}x{% endif %}',
      '{{ MY_GIT_BRANCH }}{{ x.GIT_BRANCH }}',
    ].join('\n');
    expect(lines(source)).toEqual([]);
  });

  test('warns about every variable a template receives, REVISION and REVISION_BUCKET included', () => {
    expect(lines('R={{ REVISION }}\nB={{ REVISION_BUCKET }}\nOK={{ REVISION | shq }} {{ REVISION_BUCKET | shq }}')).toEqual([
      [1, 'REVISION is inserted without shell quoting; write {{ REVISION | shq }}'],
      [2, 'REVISION_BUCKET is inserted without shell quoting; write {{ REVISION_BUCKET | shq }}'],
    ]);
  });

  test('warns about OPTIONS entries, REVISION_URL and REVISION_SHA256 used without shq', () => {
    const source = [
      '--workers {{ OPTIONS.workers }} {{ OPTIONS["debug"] }}',
      'curl {{ REVISION_URL }} && echo {{ REVISION_SHA256 }}',
      'ok {{ OPTIONS.workers | shq }} {{ OPTIONS["debug"] | shq }} {{ REVISION_URL | shq }} {{ REVISION_SHA256 | shq }}',
    ].join('\n');
    expect(lines(source)).toEqual([
      [1, 'OPTIONS.workers is inserted without shell quoting; write {{ OPTIONS.workers | shq }}'],
      [1, 'OPTIONS["debug"] is inserted without shell quoting; write {{ OPTIONS["debug"] | shq }}'],
      [2, 'REVISION_URL is inserted without shell quoting; write {{ REVISION_URL | shq }}'],
      [2, 'REVISION_SHA256 is inserted without shell quoting; write {{ REVISION_SHA256 | shq }}'],
    ]);
  });

  test('knows every variable the launch renders with (preflight-checks.ts)', () => {
    const launch = readFileSync(join(import.meta.dirname, '..', 'instances', 'preflight-checks.ts'), 'utf8');
    const call = /projects\.render\([^{]*\{([\s\S]*?)\}\);/.exec(launch);
    expect(call).not.toBeNull();
    const names = [...call![1]!.matchAll(/^\s*([A-Z_][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]);
    expect(names).toContain('REVISION_BUCKET');
    for (const name of names) expect(UNTRUSTED_VARIABLES).toContain(name);
  });

  test('reports the line inside a multi-line expression', () => {
    expect(lines('a\n{{\n  GIT_USER\n}}')).toEqual([[3, 'GIT_USER is inserted without shell quoting; write {{ GIT_USER | shq }}']]);
  });
});
