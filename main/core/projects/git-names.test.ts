import { branchProblem, describeChar, displayValue, gitBranchProblem, gitUserProblem } from './git-names';

describe('gitUserProblem', () => {
  test.each(['octocat', 'a', 'A-b-C', 'x1', 'a'.repeat(39), 'some-user-42'])('accepts %s', (user) => {
    expect(gitUserProblem(user)).toBeNull();
  });

  test.each([
    ['', 'git user is empty; enter a GitHub user name'],
    ['a'.repeat(40), `git user '${'a'.repeat(40)}' is 40 characters long; GitHub user names have at most 39`],
    ['-abc', "git user '-abc' begins with a hyphen, which GitHub user names cannot"],
    ['abc-', "git user 'abc-' ends with a hyphen, which GitHub user names cannot"],
    ['a--b', "git user 'a--b' has two hyphens in a row, which GitHub user names cannot"],
    ['a_b', "git user 'a_b' contains '_'; GitHub user names have only letters, digits and single hyphens"],
    ['a b', "git user 'a b' contains a space; GitHub user names have only letters, digits and single hyphens"],
    ['x$(id)', "git user 'x$(id)' contains '$'; GitHub user names have only letters, digits and single hyphens"],
    ['oct;reboot', "git user 'oct;reboot' contains ';'; GitHub user names have only letters, digits and single hyphens"],
    ['ünï', "git user 'ünï' contains 'ü'; GitHub user names have only letters, digits and single hyphens"],
  ])('refuses %j', (user, message) => {
    expect(gitUserProblem(user)).toBe(message);
  });
});

describe('branchProblem', () => {
  test.each(['main', 'feature/login-form', 'release/1.2.3', 'fix_bug+retry', 'UPPER/lower', 'a/b/c', 'v1.0'])('accepts %s', (branch) => {
    expect(branchProblem(branch)).toBeNull();
  });

  test('refuses shell code with a message naming the character', () => {
    expect(branchProblem('a;reboot')).toBe(
      "branch 'a;reboot' contains ';', which Flotilla refuses in branch names so it can never run as shell code (allowed: letters, digits, . _ - / +)",
    );
    expect(branchProblem('x$(touch /tmp/pwned)')).toBe(
      "branch 'x$(touch /tmp/pwned)' contains '$', which Flotilla refuses in branch names so it can never run as shell code (allowed: letters, digits, . _ - / +)",
    );
    expect(branchProblem('`id`')).toMatch(/contains '`', which Flotilla refuses/);
    expect(branchProblem("it's")).toMatch(/contains ''', which Flotilla refuses/);
    expect(branchProblem('a|b')).toMatch(/contains '\|'/);
    expect(branchProblem('@')).toMatch(/contains '@', which Flotilla refuses/);
  });

  test("explains git's own rules", () => {
    expect(branchProblem('')).toBe('branch is empty; enter the branch to launch');
    expect(branchProblem('a b')).toBe("branch 'a b' contains a space, which git does not allow in branch names");
    expect(branchProblem('a\tb')).toBe("branch 'a\\tb' contains a tab, which git does not allow in branch names");
    expect(branchProblem('a..b')).toBe("branch 'a..b' contains '..', which git does not allow in branch names");
    expect(branchProblem('-x')).toBe("branch '-x' begins with '-', which git does not allow in branch names");
    expect(branchProblem('x.lock')).toMatch(/ending with '.lock'/);
    expect(branchProblem('a/.hidden')).toMatch(/beginning with '.'/);
    expect(branchProblem('a//b')).toMatch(/contains '\/\/'/);
    expect(branchProblem('/a')).toMatch(/begins with '\/'/);
    expect(branchProblem('a/')).toMatch(/ends with '\/'/);
    expect(branchProblem('a.')).toMatch(/ends with '.'/);
    expect(branchProblem('HEAD')).toBe("'HEAD' is not a branch name git allows");
  });
});

describe('message helpers', () => {
  test('names characters readably', () => {
    expect(describeChar(';')).toBe("';'");
    expect(describeChar(' ')).toBe('a space');
    expect(describeChar('\n')).toBe('a line break');
    expect(describeChar('\x07')).toBe('the control character U+0007');
  });
  test('escapes control characters in displayed values', () => {
    expect(displayValue('a\nb\x00')).toBe('a\\nb\\x00');
  });
});

describe('gitBranchProblem alone', () => {
  test('accepts what git accepts even if Flotilla refuses it later', () => {
    expect(gitBranchProblem('a;reboot')).toBeNull();
    expect(gitBranchProblem('@')).toBeNull();
  });
});
