import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  type GetCommandInvocationCommandOutput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorCode, awsErrorMessage, isTransient } from '../shared/aws-errors';
import type { Clock } from '../ports';
import { readSsmOutput, SSM_S3_OUTPUT_CAP, ssmOutputKey, type SsmS3Output } from './ssm-output-s3';
import { SyncFailure } from './sync-failure';

/** How many characters of stdout (and of stderr) GetCommandInvocation returns at most; SSM drops the rest. */
export const SSM_OUTPUT_LIMIT = 24_000;

/** The note added to a stream SSM cut at SSM_OUTPUT_LIMIT. */
export const SSM_TRUNCATED_NOTE = `\n[output truncated by SSM: GetCommandInvocation returns only the first ${SSM_OUTPUT_LIMIT.toLocaleString('en-US')} characters]\n`;

export interface SsmRunOptions {
  client: Pick<SSMClient, 'send'>;
  instanceId: string;
  /** Run by AWS-RunShellScript (as root, in /bin/sh). */
  command: string;
  /** The command's executionTimeout, and SendCommand's TimeoutSeconds (delivery; at least 30). */
  timeoutSeconds: number;
  /** Time between two GetCommandInvocation calls. */
  pollMs: number;
  /** Past this long after sending (or re-attaching), the command is cancelled and the run fails with `timeout`. */
  deadlineMs: number;
  /** How long InvocationDoesNotExist is taken as "not registered yet" after SendCommand. */
  invocationGraceMs: number;
  /** After a cancel: how long to wait for SSM to report Cancelled before giving up. */
  cancelWaitMs: number;
  clock: Pick<Clock, 'now' | 'setTimeout'>;
  /** A command sent earlier (re-attach): poll it instead of sending a new one. */
  commandId?: string;
  /** SendCommand answered: the command's id. */
  onSent?(commandId: string): void;
  /** SSM reports the command running on the instance. */
  onStarted(commandId: string): void;
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
  /** Aborting sends CancelCommand; the run then rejects with kind `cancelled` once SSM reports it. */
  signal: AbortSignal;
  /** Aborting stops following the command and rejects with `cancelled`, without cancelling it (Flotilla closes). */
  detach?: AbortSignal;
  /** SSM also writes the whole output there; a stream cut at SSM_OUTPUT_LIMIT is read back from it. */
  s3Output?: SsmS3Output;
}

type Status = NonNullable<GetCommandInvocationCommandOutput['Status']>;

const TERMINAL = new Set<Status>(['Success', 'Failed', 'Cancelled', 'TimedOut']);

const offline = (instanceId: string, detail: string) =>
  new SyncFailure(
    'unreachable',
    `${instanceId} is not online in Systems Manager (${detail}): its SSM agent is not registered. Give the instance an instance profile whose role has the AmazonSSMManagedInstanceCore policy (the project's iam-instance-profile), make sure it can reach the SSM endpoints (internet or VPC endpoints), wait a minute after boot, and try again.`,
  );

function sendFailure(error: unknown, instanceId: string): SyncFailure {
  const code = awsErrorCode(error);
  const message = awsErrorMessage(error);
  if (code === 'InvalidInstanceId') return offline(instanceId, `SendCommand: ${code}`);
  if (/AccessDenied|UnauthorizedOperation/.test(code)) {
    return new SyncFailure('auth', `AWS refused ssm:SendCommand for ${instanceId} (${code}: ${message}). Allow ssm:SendCommand on the document AWS-RunShellScript and on the instance for Flotilla's user (README, "Sync now over SSM").`);
  }
  return new SyncFailure('connection', `SSM SendCommand for ${instanceId} failed (${code}: ${message}).`);
}

/** The script's exit code: an integer 0..255 (SSM answers -1 until the script ends), else null. */
const exitCodeOf = (inv: GetCommandInvocationCommandOutput): number | null =>
  Number.isInteger(inv.ResponseCode) && inv.ResponseCode! >= 0 && inv.ResponseCode! <= 255 ? inv.ResponseCode! : null;

/** Why a finished invocation did not give an exit code; null when it did. */
function terminalFailure(inv: GetCommandInvocationCommandOutput, o: SsmRunOptions): SyncFailure | null {
  const details = inv.StatusDetails ?? inv.Status ?? 'unknown';
  switch (inv.Status) {
    case 'Cancelled':
      return new SyncFailure('cancelled', 'Cancelled from Flotilla: SSM cancelled the command on the instance (an interrupted sync leaves no partial revision).');
    case 'TimedOut':
      return details === 'DeliveryTimedOut'
        ? offline(o.instanceId, 'the command was never delivered: DeliveryTimedOut')
        : new SyncFailure('timeout', `${o.command} did not finish within ${o.timeoutSeconds} s on ${o.instanceId} (SSM: TimedOut, ${details}); SSM stopped it.`);
    case 'Failed':
      if (exitCodeOf(inv) !== null) return null; // the script's own exit code
      if (details === 'Undeliverable' || details === 'Terminated') return offline(o.instanceId, `SSM: ${details}`);
      return new SyncFailure('connection', `SSM could not run ${o.command} on ${o.instanceId} (Failed, ${details}).`);
    default:
      return null;
  }
}

/**
 * Runs `command` on one instance with SSM's AWS-RunShellScript and follows it with
 * GetCommandInvocation every `pollMs`: new stdout/stderr text is passed on as it appears (SSM
 * itself fills it in when the command ends), and the run resolves with the script's exit code
 * (ResponseCode) once SSM reports Success or Failed. A run past its deadline is cancelled and
 * rejects with `timeout`.
 */
export async function runOverSsm(o: SsmRunOptions): Promise<{ exitCode: number; commandId: string }> {
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const cancel = o.clock.setTimeout(done, ms);
    function done() {
      o.signal.removeEventListener('abort', early);
      o.detach?.removeEventListener('abort', early);
      resolve();
    }
    function early() {
      cancel();
      done();
    }
    o.signal.addEventListener('abort', early, { once: true });
    o.detach?.addEventListener('abort', early, { once: true });
  });
  const detached = () =>
    new SyncFailure('cancelled', `Flotilla closed while SSM command ${commandId ?? ''} ran on ${o.instanceId}; the command goes on there, and Flotilla follows it again when it starts.`);
  if (o.signal.aborted && !o.commandId) throw new SyncFailure('cancelled', 'Cancelled from Flotilla before it started.');

  let commandId = o.commandId;
  if (!commandId) {
    const sent = await o.client
      .send(
        new SendCommandCommand({
          InstanceIds: [o.instanceId],
          DocumentName: 'AWS-RunShellScript',
          Comment: 'Flotilla: Sync now',
          Parameters: { commands: [o.command], executionTimeout: [String(o.timeoutSeconds)] },
          TimeoutSeconds: Math.max(30, o.timeoutSeconds),
          ...(o.s3Output ? { OutputS3BucketName: o.s3Output.bucket, OutputS3KeyPrefix: o.s3Output.prefix } : {}),
        }),
      )
      .catch((error: unknown) => {
        throw sendFailure(error, o.instanceId);
      });
    commandId = sent.Command?.CommandId;
    if (typeof commandId !== 'string' || !/^[\w-]{1,64}$/.test(commandId)) {
      throw new SyncFailure('connection', `SSM SendCommand for ${o.instanceId} answered without a usable command id.`);
    }
    o.onSent?.(commandId);
  }
  const id = commandId;

  const started = o.clock.now().getTime();
  const deadline = started + o.deadlineMs;
  const seen = { stdout: '', stderr: '' };
  let running = false;
  let cancelSentAt: number | null = null;
  let timedOut = false;

  const cancel = async () => {
    cancelSentAt = o.clock.now().getTime();
    try {
      await o.client.send(new CancelCommandCommand({ CommandId: id, InstanceIds: [o.instanceId] }));
    } catch {
      // The polls tell how the command ended (a command that already finished cannot be cancelled).
    }
  };
  const follow = (stream: 'stdout' | 'stderr', content: unknown) => {
    if (typeof content !== 'string') return;
    const before = seen[stream];
    // SSM's content only grows; anything else is shown whole rather than lost.
    const fresh = content.startsWith(before) ? content.slice(before.length) : content;
    seen[stream] = content;
    if (fresh) o.onOutput(stream, fresh);
  };
  /** A stream SSM cut: the rest from S3 when configured, else (or when that fails) a note saying so. */
  const rest = async (stream: 'stdout' | 'stderr') => {
    if (seen[stream].length < SSM_OUTPUT_LIMIT) return;
    if (!o.s3Output) return o.onOutput('stderr', SSM_TRUNCATED_NOTE);
    const key = ssmOutputKey(o.s3Output.prefix, id, o.instanceId, stream);
    const full = await readSsmOutput(o.s3Output, key);
    if (!full.ok) return o.onOutput('stderr', `${SSM_TRUNCATED_NOTE}[the whole ${stream} could not be read back: ${full.reason}]\n`);
    // SSM's cut may split a multi-byte character (then shown as U+FFFD): compare without it.
    const shown = seen[stream].replace(/\uFFFD+$/, '');
    if (!full.text.startsWith(shown)) {
      return o.onOutput('stderr', `${SSM_TRUNCATED_NOTE}[s3://${o.s3Output.bucket}/${key} does not begin with what SSM returned; not shown]\n`);
    }
    const more = full.text.slice(shown.length);
    seen[stream] = full.text;
    if (more) o.onOutput(stream, more);
    if (full.cut) o.onOutput('stderr', `\n[${stream} cut by Flotilla at ${SSM_S3_OUTPUT_CAP / 1024 / 1024} MiB; the whole of it is in s3://${o.s3Output.bucket}/${key}]\n`);
  };

  for (let first = true; ; first = false) {
    if (!first || o.commandId) await sleep(first ? 0 : o.pollMs);
    const now = o.clock.now().getTime();
    if (o.detach?.aborted) throw detached();
    if (o.signal.aborted && cancelSentAt === null) await cancel();
    if (cancelSentAt !== null && now - cancelSentAt > o.cancelWaitMs) {
      throw timedOut
        ? new SyncFailure('timeout', `${o.command} on ${o.instanceId} went past Flotilla's deadline and SSM did not confirm the cancel; check the command ${id} in the Systems Manager console.`)
        : new SyncFailure('cancelled', `Cancelled from Flotilla; SSM had not confirmed the cancel of command ${id} after ${Math.round(o.cancelWaitMs / 1000)} s.`);
    }
    if (now > deadline && cancelSentAt === null) {
      timedOut = true;
      await cancel();
    }
    let inv: GetCommandInvocationCommandOutput;
    try {
      inv = await o.client.send(new GetCommandInvocationCommand({ CommandId: id, InstanceId: o.instanceId }));
    } catch (error) {
      const code = awsErrorCode(error);
      // Right after SendCommand the invocation may not exist yet.
      if (code === 'InvocationDoesNotExist' && now - started < o.invocationGraceMs) continue;
      if (isTransient(error)) continue;
      if (code === 'InvalidInstanceId') throw offline(o.instanceId, `GetCommandInvocation: ${code}`);
      throw new SyncFailure('connection', `SSM GetCommandInvocation for command ${id} on ${o.instanceId} failed (${code}: ${awsErrorMessage(error)}).`);
    }
    const status = inv.Status;
    if (!running && (status === 'InProgress' || (status && TERMINAL.has(status)))) {
      running = true;
      o.onStarted(id);
    }
    const final = status !== undefined && TERMINAL.has(status);
    follow('stdout', inv.StandardOutputContent);
    follow('stderr', inv.StandardErrorContent);
    if (!final) continue;
    await rest('stdout');
    await rest('stderr');
    if (timedOut) throw new SyncFailure('timeout', `${o.command} on ${o.instanceId} did not finish within Flotilla's deadline of ${Math.round(o.deadlineMs / 1000)} s (TimedOut); Flotilla cancelled SSM command ${id}.`);
    const failure = terminalFailure(inv, o);
    if (failure) throw failure;
    const exitCode = exitCodeOf(inv) ?? 0; // Success without a usable ResponseCode
    return { exitCode, commandId: id };
  }
}
