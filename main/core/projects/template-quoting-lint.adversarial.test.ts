/**
 * Adversarial suite for the shell-quoting check (issue 11): it runs on every file `flotilla check`
 * loads, whether or not the template compiles, so it must take bounded time on crafted text.
 */
import { findUnquotedInsertions } from './template-quoting-lint';

describe('findUnquotedInsertions on crafted tags', () => {
  test('60 000 uses of a variable in one tag are checked in seconds (each use scanned to the end of the tag)', () => {
    const start = performance.now();
    const findings = findUnquotedInsertions(`{{ ${'GIT_USER '.repeat(60_000)}}}`);
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(findings).toHaveLength(1);
  }, 60_000);

  test('a long run of quoted groups is checked in seconds', () => {
    const start = performance.now();
    const findings = findUnquotedInsertions(`{{ (GIT_USER${')|a()'.repeat(50_000)}|shq }}`);
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(findings).toHaveLength(0);
  }, 60_000);

  test('still tells quoted from unquoted uses', () => {
    const lines = (source: string) => findUnquotedInsertions(source).map((f) => f.message);
    expect(lines('{{ (GIT_USER ~ "x") | shq }}')).toEqual([]);
    expect(lines('{{ (GIT_USER ~ "x") | upper }}')).toHaveLength(1);
    expect(lines('{{ ((GIT_USER) ~ (1)) | trim | shq }}')).toEqual([]);
    expect(lines('{{ (GIT_USER | shq) ~ (GIT_BRANCH) }}')).toEqual(['GIT_BRANCH is inserted without shell quoting; write {{ GIT_BRANCH | shq }}']);
    expect(lines('{{ x(GIT_USER) | shq }}')).toEqual([]);
    expect(lines('{{ GIT_USER) | shq }}')).toEqual([]);
  });
});
