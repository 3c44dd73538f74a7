import { FlotillaError } from '../../contract/errors';
import type { ProcessRunner } from './ports';
import { redact } from './redact';

export const SSO_LOGIN_TIMEOUT_MS = 10 * 60_000;

const manual = (profile: string) => `run \`aws sso login --profile ${profile}\` in a terminal`;

/**
 * Signs in through the system browser by running `aws sso login --profile NAME` (the AWS CLI opens
 * the browser and waits for the device authorization). Without the AWS CLI, says how to do it by hand.
 */
export async function runSsoLogin(runner: ProcessRunner, profile: string, env: Record<string, string | undefined>, timeoutMs = SSO_LOGIN_TIMEOUT_MS): Promise<void> {
  let result;
  try {
    result = await runner.run('aws', ['sso', 'login', '--profile', profile], { env, timeoutMs });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') {
      const install = 'Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)';
      throw new FlotillaError(
        'unavailable',
        `Flotilla signs in to SSO with the AWS CLI, which is not installed. ${install}, or ${manual(profile)}, then press Refresh.`,
        { command: `aws sso login --profile ${profile}` },
      );
    }
    if (code === 'ETIMEDOUT') {
      const minutes = Math.round(timeoutMs / 60_000);
      throw new FlotillaError('unavailable', `The SSO sign-in for profile '${profile}' was not completed within ${minutes} minutes; try again, or ${manual(profile)}.`);
    }
    throw new FlotillaError('unavailable', `Could not start the AWS CLI (${redact(String(error))}); ${manual(profile)}.`);
  }
  if (result.exitCode !== 0) {
    const last = redact(result.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '').slice(0, 300);
    throw new FlotillaError(
      'unavailable',
      `aws sso login --profile ${profile} failed (exit ${result.exitCode})${last ? `: ${last}` : ''}; ${manual(profile)} to see the whole output.`,
    );
  }
}
