/**
 * A Systems Manager endpoint on 127.0.0.1 for tests: the awsJson1_1 protocol as SSM speaks it
 * (POST /, `X-Amz-Target: AmazonSSM.<Operation>`, JSON bodies, errors as HTTP 400 with
 * `{"__type": "<Code>", "message": "..."}`), for the Run Command calls Sync now makes:
 *
 * - SendCommand (document AWS-RunShellScript only; `Parameters.commands`, `executionTimeout`;
 *   TimeoutSeconds 30..2592000) really runs the commands for each instance with `bash -c` in a
 *   fresh temporary folder, with the environment the test gave that instance. An instance the
 *   test did not register is InvalidInstanceId, as for a node whose SSM agent is not online.
 * - GetCommandInvocation: InvocationDoesNotExist for `registerDelayMs` after SendCommand (AWS's
 *   documented race), then Pending → InProgress → Success | Failed (ResponseCode = exit code) |
 *   Cancelled | TimedOut; StandardOutputContent / StandardErrorContent hold at most the first
 *   24 000 characters, and, as AWS documents, only once the command has ended unless
 *   `outputWhileRunning` is set.
 * - With OutputS3BucketName (and OutputS3KeyPrefix), the whole stdout and stderr are also put to
 *   `<bucket>/<prefix>/<CommandId>/<InstanceId>/awsrunShellScript/0.awsrunShellScript/<stream>`
 *   through the `s3` client the test gave (s3rver) before the invocation reports its end, and
 *   StandardOutputUrl / StandardErrorUrl name them, as the SSM agent does. An empty stream is not put.
 * - CancelCommand kills the process group (TERM): Cancelling, then Cancelled.
 * - DescribeInstanceInformation lists the registered instances as Online (no filters).
 *
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html,
 * API_GetCommandInvocation.html, API_CancelCommand.html.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

const OUTPUT_LIMIT = 24_000;

export interface FakeSsmInstance {
  /** The environment the commands run with (PATH included). */
  env: Record<string, string>;
}

export interface FakeSsmCall {
  operation: string;
  body: Record<string, unknown>;
}

export interface FakeSsm {
  /** For AWS_ENDPOINT_URL_SSM. */
  endpoint: string;
  /** Instances whose SSM agent is online; add or remove while running. */
  instances: Map<string, FakeSsmInstance>;
  /** Every call, in order. */
  calls: FakeSsmCall[];
  /** The commands run per instance, as SendCommand got them. */
  ran(instanceId: string): string[];
  close(): Promise<void>;
}

interface Invocation {
  commandId: string;
  instanceId: string;
  commands: string[];
  sentAt: number;
  status: 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'Cancelling' | 'Cancelled' | 'TimedOut';
  details: string;
  responseCode: number;
  stdout: string;
  stderr: string;
  child: ChildProcess | null;
  dir: string;
  /** Where the whole output goes (OutputS3BucketName, OutputS3KeyPrefix without trailing '/'). */
  s3: { bucket: string; prefix: string } | null;
}

const s3Key = (inv: Invocation, stream: 'stdout' | 'stderr') =>
  `${inv.s3!.prefix ? `${inv.s3!.prefix}/` : ''}${inv.commandId}/${inv.instanceId}/awsrunShellScript/0.awsrunShellScript/${stream}`;
const s3Url = (inv: Invocation, stream: 'stdout' | 'stderr') =>
  inv.s3 ? `https://s3.us-east-1.amazonaws.com/${inv.s3.bucket}/${s3Key(inv, stream)}` : '';

class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeSsm(options: { registerDelayMs?: number; outputWhileRunning?: boolean; s3?: Pick<S3Client, 'send'> } = {}): Promise<FakeSsm> {
  const registerDelayMs = options.registerDelayMs ?? 200;
  const instances = new Map<string, FakeSsmInstance>();
  const calls: FakeSsmCall[] = [];
  const invocations = new Map<string, Invocation>(); // `${commandId} ${instanceId}`

  function run(inv: Invocation, env: Record<string, string>, timeoutSeconds: number) {
    inv.status = 'InProgress';
    inv.details = 'InProgress';
    const child = spawn('bash', ['-c', inv.commands.join('\n')], { cwd: inv.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    inv.child = child;
    child.stdout!.setEncoding('utf8').on('data', (t: string) => (inv.stdout += t));
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (inv.stderr += t));
    const timer = setTimeout(() => {
      if (inv.status !== 'InProgress') return;
      inv.status = 'TimedOut';
      inv.details = 'ExecutionTimedOut';
      kill(inv);
    }, timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      inv.child = null;
      rmSync(inv.dir, { recursive: true, force: true });
      void upload(inv).then(() => end(inv, code));
    });
  }

  /** The agent uploads the whole output before it reports the end; a failed upload does not fail the command. */
  async function upload(inv: Invocation) {
    if (!inv.s3 || !options.s3) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (!inv[stream]) continue;
      await options.s3.send(new PutObjectCommand({ Bucket: inv.s3.bucket, Key: s3Key(inv, stream), Body: inv[stream] })).catch(() => undefined);
    }
  }

  function end(inv: Invocation, code: number | null) {
    if (inv.status === 'Cancelling') {
      inv.status = 'Cancelled';
      inv.details = 'Cancelled';
    } else if (inv.status === 'InProgress') {
      inv.responseCode = code ?? -1;
      inv.status = code === 0 ? 'Success' : 'Failed';
      inv.details = inv.status;
    }
  }

  function kill(inv: Invocation) {
    try {
      if (inv.child?.pid) process.kill(-inv.child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }

  const str = (v: unknown) => (typeof v === 'string' ? v : '');

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    SendCommand(body) {
      if (body.DocumentName !== 'AWS-RunShellScript') throw new SsmError('InvalidDocument', `Document ${str(body.DocumentName)} does not exist in your account.`);
      const ids = body.InstanceIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 50) throw new SsmError('ValidationException', '1 validation error detected: InstanceIds must have between 1 and 50 items.');
      const params = (body.Parameters ?? {}) as Record<string, unknown>;
      const commands = params.commands;
      if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) throw new SsmError('InvalidParameters', 'Parameter "commands" is required and must be a list of strings.');
      const timeout = body.TimeoutSeconds;
      if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 30 || timeout > 2_592_000)) throw new SsmError('ValidationException', '1 validation error detected: TimeoutSeconds must be between 30 and 2592000.');
      const execution = Array.isArray(params.executionTimeout) ? Number(params.executionTimeout[0]) : 3600;
      const offline = ids.filter((id) => !instances.has(String(id)));
      if (offline.length > 0) throw new SsmError('InvalidInstanceId', `Instances [[${offline.join(', ')}]] not in a valid state for account 123456789012`);
      const bucket = body.OutputS3BucketName;
      if (bucket !== undefined && (typeof bucket !== 'string' || bucket.length < 3 || bucket.length > 63)) throw new SsmError('ValidationException', '1 validation error detected: OutputS3BucketName must have length between 3 and 63.');
      const prefix = body.OutputS3KeyPrefix;
      if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > 500)) throw new SsmError('ValidationException', '1 validation error detected: OutputS3KeyPrefix must have length less than or equal to 500.');
      const s3 = typeof bucket === 'string' ? { bucket, prefix: str(prefix).replace(/\/+$/, '') } : null;
      const commandId = randomUUID();
      for (const id of ids as string[]) {
        const inv: Invocation = { commandId, instanceId: id, commands: commands as string[], sentAt: Date.now(), status: 'Pending', details: 'Pending', responseCode: -1, stdout: '', stderr: '', child: null, dir: mkdtempSync(path.join(tmpdir(), 'fake-ssm-')), s3 };
        invocations.set(`${commandId} ${id}`, inv);
        setTimeout(() => inv.status === 'Pending' && run(inv, instances.get(id)?.env ?? {}, execution), 20);
      }
      return { Command: { CommandId: commandId, DocumentName: 'AWS-RunShellScript', InstanceIds: ids, Parameters: params, ...(s3 ? { OutputS3BucketName: bucket, OutputS3KeyPrefix: str(prefix) } : {}), Status: 'Pending', StatusDetails: 'Pending', RequestedDateTime: Date.now() / 1000, TimeoutSeconds: timeout ?? 3600, TargetCount: ids.length } };
    },
    GetCommandInvocation(body) {
      const inv = invocations.get(`${str(body.CommandId)} ${str(body.InstanceId)}`);
      if (!inv || Date.now() - inv.sentAt < registerDelayMs) throw new SsmError('InvocationDoesNotExist', '');
      const ended = ['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(inv.status);
      const show = ended || options.outputWhileRunning;
      return {
        CommandId: inv.commandId,
        InstanceId: inv.instanceId,
        DocumentName: 'AWS-RunShellScript',
        DocumentVersion: '$DEFAULT',
        PluginName: 'aws:runShellScript',
        ResponseCode: inv.responseCode,
        Status: inv.status === 'Cancelling' ? 'Cancelling' : inv.status,
        StatusDetails: inv.details,
        StandardOutputContent: show ? inv.stdout.slice(0, OUTPUT_LIMIT) : '',
        StandardOutputUrl: ended ? s3Url(inv, 'stdout') : '',
        StandardErrorContent: show ? inv.stderr.slice(0, OUTPUT_LIMIT) : '',
        StandardErrorUrl: ended ? s3Url(inv, 'stderr') : '',
        CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
      };
    },
    /** Every registered instance Online (what the fleet's SSM status asks). */
    DescribeInstanceInformation() {
      return { InstanceInformationList: [...instances.keys()].map((InstanceId) => ({ InstanceId, PingStatus: 'Online', PlatformType: 'Linux', ResourceType: 'EC2Instance', AgentVersion: '3.3.1142.0', LastPingDateTime: Date.now() / 1000 })) };
    },
    CancelCommand(body) {
      const id = str(body.CommandId);
      const matching = [...invocations.values()].filter((i) => i.commandId === id);
      if (matching.length === 0) throw new SsmError('InvalidCommandId', '');
      const only = Array.isArray(body.InstanceIds) && body.InstanceIds.length > 0 ? new Set(body.InstanceIds.map(String)) : null;
      for (const inv of matching) {
        if (only && !only.has(inv.instanceId)) continue;
        if (inv.status === 'Pending') {
          inv.status = 'Cancelled';
          inv.details = 'Cancelled';
        } else if (inv.status === 'InProgress') {
          inv.status = 'Cancelling';
          inv.details = 'Cancelling';
          kill(inv);
        }
      }
      return {};
    },
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
      const handler = req.method === 'POST' ? operations[operation] : undefined;
      if (!handler) return reply(res, 400, { __type: 'UnknownOperationException', message: `Unsupported: ${req.method} ${target}` });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}') as Record<string, unknown>;
      } catch {
        return reply(res, 400, { __type: 'SerializationException', message: 'Request body is not JSON.' });
      }
      calls.push({ operation, body });
      try {
        reply(res, 200, handler(body));
      } catch (error) {
        if (!(error instanceof SsmError)) throw error;
        reply(res, 400, { __type: error.code, message: error.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    instances,
    calls,
    ran: (instanceId) => [...invocations.values()].filter((i) => i.instanceId === instanceId).flatMap((i) => i.commands),
    async close() {
      for (const inv of invocations.values()) kill(inv);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const inv of invocations.values()) rmSync(inv.dir, { recursive: true, force: true });
    },
  };
}
