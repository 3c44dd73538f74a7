import { checkBranch } from './branch-check';
import { gitRunner } from './instances.test-helpers';

const input = { gitUser: 'octocat', repoName: 'web', upstream: 'acme/web', branch: 'feature/x', timeoutMs: 10_000 };

describe('checkBranch', () => {
  test('runs git ls-remote without a shell or a credential prompt', async () => {
    const runner = gitRunner(['feature/x']);
    expect(await checkBranch(runner, input)).toEqual({ status: 'pass', message: "Branch 'feature/x' exists in octocat/web." });
    expect(runner.calls[0]!.command).toBe('git');
    expect(runner.calls[0]!.args).toEqual(['-c', 'credential.helper=', '-c', 'core.askPass=', 'ls-remote', '--heads', 'https://github.com/octocat/web.git', 'feature/x']);
  });

  test('a missing branch fails with how to push it (a branch merely ending in the name does not count)', async () => {
    const runner = gitRunner([], { stdout: 'abc\trefs/heads/other/feature/x\n' });
    expect(await checkBranch(runner, input)).toEqual({
      status: 'fail',
      message: "There is no branch 'feature/x' in octocat/web. Push it first (git push -u origin feature/x), or check the branch and user names.",
    });
  });

  test('a missing or private repository fails, suggesting a fork', async () => {
    const runner = gitRunner([], { code: 128, stderr: "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n" });
    const result = await checkBranch(runner, input);
    expect(result.status).toBe('fail');
    expect(result.message).toContain('Fork acme/web to octocat');
  });

  test.each([
    [{ code: 128, stderr: "fatal: unable to access 'https://github.com/octocat/web.git/': Could not resolve host: github.com\n" }, /Could not resolve host/],
    [{ code: null, error: 'timeout' }, /did not answer within 10 s/],
    [{ code: null, error: 'not-found' }, /git is not installed/],
  ])('offline, slow or no git is a warning: %o', async (result, message) => {
    const outcome = await checkBranch(gitRunner([], result), input);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(message);
  });
});
