/**
 * The SSM command lifecycle with the SDK mocked (aws-sdk-client-mock on a real SSMClient), in the
 * shapes SSM documents: SendCommand answers `Command.CommandId`; GetCommandInvocation answers
 * InvocationDoesNotExist for a moment after it, then Pending / InProgress / Success | Failed |
 * Cancelled | TimedOut with ResponseCode (-1 until the script ends) and the output so far.
 */
import {
  CancelCommandCommand,
  GetCommandInvocationCommand,
  InvalidInstanceId,
  InvocationDoesNotExist,
  SendCommandCommand,
  SSMClient,
  type GetCommandInvocationCommandOutput,
} from '@aws-sdk/client-ssm';
import { GetObjectCommand, NoSuchKey, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { mockClient } from 'aws-sdk-client-mock';
import { systemClock } from '../shared/clock';
import { runOverSsm, SSM_TRUNCATED_NOTE, type SsmRunOptions } from './ssm-run';
import { SSM_S3_OUTPUT_CAP } from './ssm-output-s3';
import { SyncFailure } from './sync-failure';

const ssm = mockClient(SSMClient);
const COMMAND_ID = '2f6a5cbd-5a2a-4bde-9f5e-0f3b7c1d9e11';
const ID = 'i-0ssm00000000001';

const s3 = mockClient(S3Client);

afterEach(() => {
  ssm.reset();
  s3.reset();
});

const invocation = (over: Partial<GetCommandInvocationCommandOutput>): GetCommandInvocationCommandOutput => ({
  $metadata: {},
  CommandId: COMMAND_ID,
  InstanceId: ID,
  DocumentName: 'AWS-RunShellScript',
  PluginName: 'aws:runShellScript',
  ResponseCode: -1,
  Status: 'InProgress',
  StatusDetails: 'InProgress',
  StandardOutputContent: '',
  StandardErrorContent: '',
  ...over,
});
const notYet = () => new InvocationDoesNotExist({ message: '', $metadata: { httpStatusCode: 400 } });

function run(over: Partial<SsmRunOptions> = {}) {
  const output: Array<[string, string]> = [];
  const started: string[] = [];
  const sent: string[] = [];
  const abort = new AbortController();
  const promise = runOverSsm({
    client: new SSMClient({ region: 'us-east-1' }),
    instanceId: ID,
    command: 'flotilla-agent sync',
    timeoutSeconds: 600,
    deadlineMs: 60_000,
    pollMs: 5,
    invocationGraceMs: 1_000,
    cancelWaitMs: 1_000,
    clock: systemClock,
    signal: abort.signal,
    onSent: (id) => sent.push(id),
    onStarted: (id) => started.push(id),
    onOutput: (stream, text) => output.push([stream, text]),
    ...over,
  });
  const text = (stream: string) => output.filter(([s]) => s === stream).map(([, t]) => t).join('');
  return { promise, output, started, sent, abort, text };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => expect.fail('resolved'), (error: unknown) => error as SyncFailure);

describe('Sync now over SSM: one instance', () => {
  test('sends AWS-RunShellScript, waits out InvocationDoesNotExist, streams new output once, resolves with ResponseCode', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID, Status: 'Pending' } });
    ssm.on(GetCommandInvocationCommand)
      .rejectsOnce(notYet())
      .resolvesOnce(invocation({ Status: 'Pending', StatusDetails: 'Pending' }))
      .resolvesOnce(invocation({ StandardOutputContent: 'fetching site…\n' }))
      .resolvesOnce(invocation({ StandardOutputContent: 'fetching site…\nsynced 1 of 3\n', StandardErrorContent: 'slow bucket\n' }))
      .resolves(invocation({ Status: 'Success', StatusDetails: 'Success', ResponseCode: 0, StandardOutputContent: 'fetching site…\nsynced 1 of 3\ndone\n', StandardErrorContent: 'slow bucket\n' }));
    const r = run();
    await expect(r.promise).resolves.toEqual({ exitCode: 0, commandId: COMMAND_ID });
    const send = ssm.commandCalls(SendCommandCommand)[0]!.args[0].input;
    expect(send).toEqual({
      InstanceIds: [ID],
      DocumentName: 'AWS-RunShellScript',
      Comment: 'Flotilla: Sync now',
      Parameters: { commands: ['flotilla-agent sync'], executionTimeout: ['600'] },
      TimeoutSeconds: 600,
    });
    expect(ssm.commandCalls(GetCommandInvocationCommand).every((c) => c.args[0].input.CommandId === COMMAND_ID && c.args[0].input.InstanceId === ID)).toBe(true);
    expect(r.sent).toEqual([COMMAND_ID]);
    expect(r.started).toEqual([COMMAND_ID]);
    expect(r.text('stdout')).toBe('fetching site…\nsynced 1 of 3\ndone\n');
    expect(r.text('stderr')).toBe('slow bucket\n');
    expect(ssm.commandCalls(CancelCommandCommand)).toHaveLength(0);
  });

  test('a script that exits non-zero is Failed with its ResponseCode: the exit code, not an error', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'Failed', StatusDetails: 'Failed', ResponseCode: 127, StandardErrorContent: 'sh: 1: flotilla-agent: not found\nfailed to run commands: exit status 127' }));
    const r = run();
    await expect(r.promise).resolves.toEqual({ exitCode: 127, commandId: COMMAND_ID });
    expect(r.text('stderr')).toContain('flotilla-agent: not found');
  });

  test('a Failed invocation without a usable ResponseCode is an error naming its StatusDetails', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'Failed', StatusDetails: 'InvalidPlatform', ResponseCode: 1e9 }));
    expect(await failureOf(run().promise)).toMatchObject({ kind: 'connection', message: expect.stringMatching(/Failed, InvalidPlatform/) });
  });

  test('an instance SSM does not know (InvalidInstanceId) fails saying its agent is offline and how to fix it', async () => {
    ssm.on(SendCommandCommand).rejects(new InvalidInstanceId({ message: 'Instances [[i-0ssm00000000001]] not in a valid state for account 123456789012', $metadata: { httpStatusCode: 400 } }));
    const failure = await failureOf(run().promise);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect(failure.kind).toBe('unreachable');
    expect(failure.message).toMatch(/not online in Systems Manager/);
    expect(failure.message).toMatch(/AmazonSSMManagedInstanceCore/);
    expect(ssm.commandCalls(GetCommandInvocationCommand)).toHaveLength(0);
  });

  test('an invocation that never appears after the grace period is an error, not an endless poll', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).rejects(notYet());
    const failure = await failureOf(run({ invocationGraceMs: 50 }).promise);
    expect(failure.kind).toBe('connection');
    expect(failure.message).toMatch(/InvocationDoesNotExist/);
  });

  test('cancel sends CancelCommand and ends `cancelled` once SSM reports Cancelled', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    let cancelled = false;
    ssm.on(CancelCommandCommand).callsFake(async () => {
      cancelled = true;
      return { $metadata: {} };
    });
    let polls = 0;
    ssm.on(GetCommandInvocationCommand).callsFake(async () => {
      polls++;
      if (!cancelled) return invocation({ StandardOutputContent: 'fetching site…\n' });
      return polls % 2 ? invocation({ Status: 'Cancelling', StatusDetails: 'Cancelling' }) : invocation({ Status: 'Cancelled', StatusDetails: 'Cancelled' });
    });
    const r = run({ pollMs: 10 });
    await vi.waitFor(() => expect(r.started).toHaveLength(1));
    r.abort.abort();
    const failure = await failureOf(r.promise);
    expect(failure.kind).toBe('cancelled');
    expect(failure.message).toMatch(/SSM cancelled the command/);
    expect(ssm.commandCalls(CancelCommandCommand).map((c) => c.args[0].input)).toEqual([{ CommandId: COMMAND_ID, InstanceIds: [ID] }]);
  });

  test('detach (Flotilla closes) stops polling without cancelling the command', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({}));
    const detach = new AbortController();
    const r = run({ detach: detach.signal, pollMs: 10 });
    await vi.waitFor(() => expect(r.started).toHaveLength(1));
    detach.abort();
    const failure = await failureOf(r.promise);
    expect(failure).toMatchObject({ kind: 'cancelled', message: expect.stringMatching(/goes on there/) });
    expect(ssm.commandCalls(CancelCommandCommand)).toHaveLength(0);
  });

  test('past the deadline: CancelCommand, then it fails with TimedOut', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    let cancelled = false;
    ssm.on(CancelCommandCommand).callsFake(async () => ((cancelled = true), { $metadata: {} }));
    ssm.on(GetCommandInvocationCommand).callsFake(async () => (cancelled ? invocation({ Status: 'Cancelled', StatusDetails: 'Cancelled' }) : invocation({})));
    const failure = await failureOf(run({ deadlineMs: 60 }).promise);
    expect(failure.kind).toBe('timeout');
    expect(failure.message).toMatch(/TimedOut/);
    expect(ssm.commandCalls(CancelCommandCommand)).toHaveLength(1);
  });

  test("SSM's own TimedOut (executionTimeout) fails with `timeout`; DeliveryTimedOut says the agent is offline", async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'TimedOut', StatusDetails: 'ExecutionTimedOut', ResponseCode: -1 }));
    expect(await failureOf(run().promise)).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/within 600 s.*ExecutionTimedOut/) });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'TimedOut', StatusDetails: 'DeliveryTimedOut', ResponseCode: -1 }));
    expect(await failureOf(run().promise)).toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/not online in Systems Manager/) });
  });

  test('output at the 24 000-character cap says it was truncated by SSM', async () => {
    const full = 'x'.repeat(24_000);
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'Success', StatusDetails: 'Success', ResponseCode: 0, StandardOutputContent: full }));
    const r = run();
    await r.promise;
    expect(r.text('stdout')).toBe(full);
    expect(r.text('stderr')).toBe(SSM_TRUNCATED_NOTE);
    expect(SSM_TRUNCATED_NOTE).toMatch(/output truncated by SSM/);
  });

  test('re-attach: a known command id is polled, nothing is sent again', async () => {
    ssm.on(GetCommandInvocationCommand).resolves(invocation({ Status: 'Success', StatusDetails: 'Success', ResponseCode: 0, StandardOutputContent: 'ok\n' }));
    const r = run({ commandId: COMMAND_ID });
    await expect(r.promise).resolves.toEqual({ exitCode: 0, commandId: COMMAND_ID });
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
    expect(r.sent).toEqual([]);
  });
});

/** A GetObject body as the SDK gives it in Node (a Readable with the transform helpers). */
const body = (bytes: Uint8Array) =>
  Object.assign(Readable.from([Buffer.from(bytes)]), {
    transformToByteArray: async () => bytes,
    transformToString: async () => new TextDecoder().decode(bytes),
    transformToWebStream: () => new Blob([Buffer.from(bytes)]).stream(),
  }) as unknown as GetObjectCommandOutput['Body'];

describe('Sync now over SSM: the whole output from S3 (revisions.ssmOutputPrefix)', () => {
  const BUCKET = 'acme-revisions';
  const KEY = `flotilla-ssm-output/${COMMAND_ID}/${ID}/awsrunShellScript/0.awsrunShellScript/stdout`;
  const s3Output = { bucket: BUCKET, prefix: 'flotilla-ssm-output/', s3: new S3Client({ region: 'us-east-1' }) };
  const whole = Array.from({ length: 3000 }, (_, i) => `line ${i} synced\n`).join('');
  const ended = (over: Partial<GetCommandInvocationCommandOutput> = {}) =>
    invocation({
      Status: 'Success',
      StatusDetails: 'Success',
      ResponseCode: 0,
      StandardOutputContent: whole.slice(0, 24_000),
      // Hostile: SSM's URL names another bucket; Flotilla reads only its own key in the configured bucket.
      StandardOutputUrl: `https://s3.us-east-1.amazonaws.com/someone-elses-bucket/x/stdout`,
      ...over,
    });

  test('SendCommand names the bucket and prefix; a stream cut at 24 000 characters is completed from the key SSM writes', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(ended());
    s3.on(GetObjectCommand).resolves({ $metadata: {}, Body: body(new TextEncoder().encode(whole)) });
    const r = run({ s3Output });
    await expect(r.promise).resolves.toEqual({ exitCode: 0, commandId: COMMAND_ID });
    expect(ssm.commandCalls(SendCommandCommand)[0]!.args[0].input).toMatchObject({ OutputS3BucketName: BUCKET, OutputS3KeyPrefix: 'flotilla-ssm-output/' });
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: BUCKET, Key: KEY, Range: `bytes=0-${SSM_S3_OUTPUT_CAP}` }]);
    expect(whole.length).toBeGreaterThan(40_000);
    expect(r.text('stdout')).toBe(whole);
    expect(r.text('stderr')).toBe('');
  });

  test('output under the cap is not read back; without the setting SendCommand has no S3 output', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(ended({ StandardOutputContent: 'done\n' }));
    await run({ s3Output }).promise;
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    await run().promise;
    expect(ssm.commandCalls(SendCommandCommand)[1]!.args[0].input).not.toHaveProperty('OutputS3BucketName');
  });

  test('a cut through a multi-byte character (shown by SSM as U+FFFD) still continues from S3', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    const text = `${'a'.repeat(23_999)}é and more\n`;
    ssm.on(GetCommandInvocationCommand).resolves(ended({ StandardOutputContent: `${'a'.repeat(23_999)}\uFFFD` }));
    s3.on(GetObjectCommand).resolves({ $metadata: {}, Body: body(new TextEncoder().encode(text)) });
    const r = run({ s3Output });
    await r.promise;
    expect(r.text('stdout')).toBe(`${'a'.repeat(23_999)}\uFFFDé and more\n`);
    expect(r.text('stderr')).toBe('');
  });

  test('past 16 MiB the log is cut and says where the rest is', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    const huge = 'y'.repeat(SSM_S3_OUTPUT_CAP + 1); // what a Range of cap + 1 bytes returns from a bigger object
    ssm.on(GetCommandInvocationCommand).resolves(ended({ StandardOutputContent: huge.slice(0, 24_000) }));
    s3.on(GetObjectCommand).resolves({ $metadata: {}, Body: body(new TextEncoder().encode(huge)) });
    const r = run({ s3Output });
    await r.promise;
    expect(r.text('stdout')).toHaveLength(SSM_S3_OUTPUT_CAP);
    expect(r.text('stderr')).toMatch(new RegExp(`stdout cut by Flotilla at 16 MiB; the whole of it is in s3://${BUCKET}/${KEY}`));
  });

  test('S3 has no such key, or holds something else: the SSM note says so, and nothing from S3 is shown', async () => {
    ssm.on(SendCommandCommand).resolves({ $metadata: {}, Command: { CommandId: COMMAND_ID } });
    ssm.on(GetCommandInvocationCommand).resolves(ended());
    s3.on(GetObjectCommand).rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }));
    const missing = run({ s3Output });
    await missing.promise;
    expect(missing.text('stdout')).toBe(whole.slice(0, 24_000));
    expect(missing.text('stderr')).toMatch(/output truncated by SSM[\s\S]*does not exist \(the instance role may lack s3:PutObject/);
    s3.on(GetObjectCommand).resolves({ $metadata: {}, Body: body(new TextEncoder().encode(`forged${whole}`)) });
    const forged = run({ s3Output });
    await forged.promise;
    expect(forged.text('stdout')).toBe(whole.slice(0, 24_000));
    expect(forged.text('stderr')).toMatch(/does not begin with what SSM returned; not shown/);
  });
});
