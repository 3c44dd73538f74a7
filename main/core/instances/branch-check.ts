import type { CommandRunner } from './deps';

export interface BranchCheck {
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

export interface BranchCheckInput {
  gitUser: string;
  /** The repository name from the project's `repo` (owner/name): the launch uses the user's fork. */
  repoName: string;
  /** The project's own `repo`, to suggest forking it. */
  upstream: string;
  branch: string;
  timeoutMs: number;
}

const UNREACHABLE = /could not resolve host|unable to access|failed to connect|connection (timed out|refused|reset)|network is unreachable|operation timed out|ssl/i;
const NO_REPO = /repository .* not found|could not read username|authentication failed|terminal prompts disabled|not found/i;

/**
 * Does `branch` exist in github.com/<gitUser>/<repoName>? `git ls-remote --heads` without a
 * shell or a credential prompt. Offline or unreachable is a warning, not a failure.
 */
export async function checkBranch(runner: CommandRunner, input: BranchCheckInput): Promise<BranchCheck> {
  const repo = `${input.gitUser}/${input.repoName}`;
  const url = `https://github.com/${repo}.git`;
  const result = await runner.run(
    'git',
    ['-c', 'credential.helper=', '-c', 'core.askPass=', 'ls-remote', '--heads', url, input.branch],
    { timeoutMs: input.timeoutMs, env: { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' } },
  );
  if (result.error === 'not-found') {
    return { status: 'warn', message: `Could not check that '${input.branch}' exists in ${repo}: git is not installed here.` };
  }
  if (result.error === 'timeout') {
    return { status: 'warn', message: `Could not check that '${input.branch}' exists in ${repo}: github.com did not answer within ${Math.round(input.timeoutMs / 1000)} s.` };
  }
  const stderr = result.stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  if (result.code === 0) {
    const wanted = `refs/heads/${input.branch}`;
    const found = result.stdout.split('\n').some((line) => line.split('\t')[1]?.trim() === wanted);
    if (found) return { status: 'pass', message: `Branch '${input.branch}' exists in ${repo}.` };
    return {
      status: 'fail',
      message: `There is no branch '${input.branch}' in ${repo}. Push it first (git push -u origin ${input.branch}), or check the branch and user names.`,
    };
  }
  if (UNREACHABLE.test(result.stderr)) {
    return { status: 'warn', message: `Could not check that '${input.branch}' exists in ${repo} (${stderr || 'github.com unreachable'}); launching anyway.` };
  }
  if (NO_REPO.test(result.stderr)) {
    return {
      status: 'fail',
      message: `github.com/${repo} does not exist or is private, so the instance could not clone it. Fork ${input.upstream} to ${input.gitUser} (or make the fork public), or check the user name.`,
    };
  }
  return { status: 'warn', message: `Could not check that '${input.branch}' exists in ${repo} (git exited ${result.code}: ${stderr || 'no message'}).` };
}
