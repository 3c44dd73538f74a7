import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitBranchProblem } from './git-names';

/** Tricky names checked against the real `git check-ref-format --branch`. */
const names = [
  'main', 'feature/x', '@', '@@', 'a@b', 'a/@', '@{', 'a@{b', '@{-1}', 'HEAD', 'head', 'refs/heads/x',
  '-a', 'a/-b', 'a-', 'a.', 'a/.', '.', '..', '.a', 'a/.b', 'a..b', 'a/..', 'a.lock', 'a.lock/b',
  'a/b.lock', '.lock', 'lock.lock', 'a.locked', 'foo/', '/foo', 'a//b', 'a b', 'a\tb', 'a\x7fb', 'a\x01b',
  'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[b', 'a]b', 'a\\b', 'a{b', 'a}b', 'a;reboot', "a'b", 'x$(touch /tmp/pwned)',
  'x$(id)', '`id`', '+x', 'é', 'a/b/c.d', 'v1.0.0', 'a...b', 'a/./b', 'x/lock', 'a.lo ck',
];

function gitAccepts(cwd: string, name: string): boolean {
  const result = spawnSync('git', ['check-ref-format', '--branch', name], {
    cwd,
    env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() },
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result.status === 0;
}

const gitAvailable = spawnSync('git', ['--version']).status === 0;

describe.runIf(gitAvailable)('gitBranchProblem matches git check-ref-format --branch', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'flotilla-refcheck-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  test.each(names.map((name) => [JSON.stringify(name), name]))('%s', (_shown, name) => {
    const expected = gitAccepts(cwd, name);
    const problem = gitBranchProblem(name);
    expect({ name, valid: problem === null, problem }).toEqual({ name, valid: expected, problem: expected ? null : expect.any(String) });
  });
});
