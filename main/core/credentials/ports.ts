import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell. Rejects with an error whose `code` is 'ENOENT' when the program
 * is not installed, and 'ETIMEDOUT' when it ran longer than `timeoutMs` (it is then stopped).
 */
export interface ProcessRunner {
  run(
    command: string,
    args: readonly string[],
    options?: { env?: Record<string, string | undefined>; timeoutMs?: number },
  ): Promise<ProcessResult>;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** STS, as much of it as Flotilla uses; tests pass a fake. */
export interface StsLike {
  getCallerIdentity(): Promise<CallerIdentity>;
}

export type StsFactory = (options: { region: string; credentials: AwsCredentialIdentityProvider }) => StsLike;
