import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SSMClient } from '@aws-sdk/client-ssm';
import pLimit from 'p-limit';
import type { AgentsApi } from '../../contract/agents/api';
import type { AgentsEventMap } from '../../contract/agents/events';
import type { AccessMode } from '../../contract/instances/dto';
import { SYNC_COMMAND, type HostKeyInfo, type SyncError, type SyncTarget } from '../../contract/agents/dto';
import { FlotillaError } from '../../contract/errors';
import type { CoreService } from '../core-service';
import type { Emit } from '../event-bus';
import type { Clock, Logger } from '../ports';
import { defaultKnownHostsFiles, loadCredentials, readKnownHosts } from './credentials';
import { createJobRecords, DEFAULT_JOB_RECORDS_LIMITS, type JobRecordsLimits } from './job-records';
import { checkHostKey, hostName, type KnownHost } from './known-hosts';
import { createKnownHostsWriter } from './known-hosts-file';
import { createOutputBatcher } from './output-batcher';
import { findSshAgent } from './ssh-agent';
import { runOverSsh } from './ssh-run';
import { createInflightFile, type InflightCommand } from './ssm-inflight';
import type { SsmS3Output } from './ssm-output-s3';
import { runOverSsm } from './ssm-run';
import { SyncFailure } from './sync-failure';

/** Where and as whom to reach an instance (in the app: the Instances service's sshCommand). */
export interface SshTargetInfo {
  host: string;
  user: string;
  keyFile: string | null;
  /** Default 22. */
  port?: number;
}

export type AgentsEmit = Emit<AgentsEventMap>;

export interface AgentsTimings {
  /** SSH sessions at once, across jobs (default 8). */
  concurrency: number;
  /** Connect, handshake and authentication (default 20 s). */
  readyTimeoutMs: number;
  /** SSH keepalives (default every 10 s; 3 unanswered drop the connection). */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** How often output is sent (default 100 ms), and the most characters per instance per send (default 32 768). */
  flushMs: number;
  maxCharsPerFlush: number;
  /** SSM: the command's executionTimeout and SendCommand's TimeoutSeconds (default 3600 s, AWS-RunShellScript's own default). */
  commandTimeoutSeconds: number;
  /** SSM: time between GetCommandInvocation polls (default 1 s). */
  ssmPollMs: number;
  /** SSM: how long InvocationDoesNotExist right after SendCommand is waited out (default 10 s). */
  ssmInvocationGraceMs: number;
  /** SSM: how long after a cancel SSM has to report Cancelled (default 30 s). */
  ssmCancelWaitMs: number;
  /** SSM: how long past commandTimeoutSeconds a command may take before Flotilla cancels it (default 60 s). */
  ssmDeadlineGraceMs: number;
}

export const DEFAULT_AGENTS_TIMINGS: AgentsTimings = {
  concurrency: 8,
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 3,
  flushMs: 100,
  maxCharsPerFlush: 32_768,
  commandTimeoutSeconds: 3600,
  ssmPollMs: 1000,
  ssmInvocationGraceMs: 10_000,
  ssmCancelWaitMs: 30_000,
  ssmDeadlineGraceMs: 60_000,
};

export interface AgentsDeps {
  /** Resolves an instance's public address, SSH user and key file; throws FlotillaError when it cannot. */
  target(ref: SyncTarget): Promise<SshTargetInfo>;
  /** How an instance is reached (its `flotilla:access` tag): `ssm` syncs over Systems Manager, `ssh` and `both` over SSH. Default: ssh. */
  access?(ref: SyncTarget): Promise<AccessMode>;
  /** The SSM client of a region (needed for instances whose access is `ssm`). */
  ssm?(region: string): Pick<SSMClient, 'send'>;
  /** Where SSM also writes a command's whole output, read when it is cut at 24 000 characters (null or unset: off). */
  ssmOutput?(): SsmS3Output | null;
  /** Where SSM commands still running are kept, so a restarted core follows them again (unset: not kept). */
  inflightFile?: string;
  /** The SSH port on every instance, instead of the target's (end-to-end tests reach a local SSH server); default: the target's, else 22. */
  sshPort?: number;
  emit: AgentsEmit;
  clock: Pick<Clock, 'now' | 'setTimeout'>;
  logger: Logger;
  /** The user's home folder: `~` in key file paths, and ~/.ssh/known_hosts. */
  home: string;
  /**
   * The environment the core was given: SSH_AUTH_SOCK names the ssh-agent. Without
   * SSH_AUTH_SOCK only the key file is used, except on Windows (the OpenSSH agent's pipe, else Pageant).
   */
  env: Record<string, string | undefined>;
  /** Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Whether a Windows named pipe exists (tests); default: lists `\\.\pipe\`. */
  pipeExists?(name: string): Promise<boolean>;
  /** Read for host keys. Default: ~/.ssh/known_hosts, ~/.ssh/known_hosts2, /etc/ssh/ssh_known_hosts. */
  knownHostsFiles?: string[];
  /** Where host keys accepted on first use are added. Default: ~/.ssh/known_hosts. */
  userKnownHostsFile?: string;
  timings?: Partial<AgentsTimings>;
  /** What `jobs` keeps of finished jobs and of output. */
  records?: Partial<JobRecordsLimits>;
  newJobId?: () => string;
}

export interface AgentsService extends CoreService<AgentsApi> {
  /** Follows again the SSM commands a previous run left running (inflightFile). */
  start(): Promise<void>;
  /** Cancels every SSH job, stops following SSM commands (they go on), and sends the output still collected. */
  close(): Promise<void>;
}

interface Job {
  id: string;
  abort: AbortController;
  /** Per instance: not started yet, started, or reported done; and when it started. */
  instances: Map<string, { state: 'queued' | 'started' | 'done'; startedAt?: number; via?: 'ssm' }>;
  /** known_hosts, read once per job when the first instance needs it. */
  knownHosts?: Promise<KnownHost[]>;
  /** The ssh-agent, looked for once per job likewise. */
  agent?: ReturnType<typeof findSshAgent>;
}

/**
 * "Sync now": runs `flotilla-agent sync` on instances over SSH, `concurrency` at a time.
 *
 * Keys: the region's key file first when it is set and has no passphrase, then every key of the
 * ssh-agent (SSH_AUTH_SOCK; on Windows the OpenSSH agent or Pageant), as `ssh` does.
 *
 * Host keys: a key listed in ~/.ssh/known_hosts (or the system's) for the host must match, and a
 * @revoked key is refused, like `ssh -o StrictHostKeyChecking=accept-new` (what the app's SSH
 * button runs). A host not listed there is accepted on first use: its fingerprint is logged and
 * shown with the output, remembered for this run of the app (a different key for the same
 * instance later is refused), and, once the handshake has proved the server holds that key,
 * appended to ~/.ssh/known_hosts so the next connection, here or from `ssh`, checks it.
 *
 * Jobs: running ones and those finished in the last minutes are kept (`jobs`) with a bounded
 * tail of each instance's output, so a reloaded window can show them again.
 */
export function createAgentsService(deps: AgentsDeps): AgentsService {
  const timings = { ...DEFAULT_AGENTS_TIMINGS, ...deps.timings };
  const { clock, logger } = deps;
  const limit = pLimit(timings.concurrency);
  const jobs = new Map<string, Job>();
  const acceptedKeys = new Map<string, string>(); // instance id → fingerprint accepted on first use
  const knownHostsFiles = deps.knownHostsFiles ?? defaultKnownHostsFiles(deps.home);
  const knownHostsWriter = createKnownHostsWriter(deps.userKnownHostsFile ?? path.join(deps.home, '.ssh', 'known_hosts'));
  const records = createJobRecords(clock, { ...DEFAULT_JOB_RECORDS_LIMITS, ...deps.records });
  const batcher = createOutputBatcher({
    clock,
    intervalMs: timings.flushMs,
    maxChars: timings.maxCharsPerFlush,
    emit: (payload) => deps.emit('agents.output', { ...payload, end: records.output(payload) }),
  });
  const inflight = createInflightFile(deps.inflightFile ?? null, logger);
  /** Aborted by close: SSM runs stop polling without cancelling their command. */
  const detach = new AbortController();
  const status = (payload: AgentsEventMap['agents.status']) => {
    records.status(payload);
    deps.emit('agents.status', payload);
  };

  function done(job: Job, instanceId: string, started: number, result: { exitCode: number | null; error?: SyncError }) {
    const entry = job.instances.get(instanceId);
    if (entry?.state === 'done') return;
    job.instances.set(instanceId, { ...entry, state: 'done' });
    if (entry?.via === 'ssm' && !detach.signal.aborted) inflight.remove(job.id, instanceId);
    batcher.flush(job.id, instanceId);
    const payload = { jobId: job.id, instanceId, ...result, durationMs: Math.max(0, clock.now().getTime() - started) };
    records.done(payload);
    deps.emit('agents.done', payload);
    if ([...job.instances.values()].every((s) => s.state === 'done')) jobs.delete(job.id);
  }

  /** Adds a host key accepted on first use to known_hosts; a failure is logged, the sync goes on. */
  function saveHostKey(instanceId: string, host: string, port: number, key: Buffer) {
    const name = hostName(host, port);
    knownHostsWriter.add(host, port, key).then(
      (outcome) => {
        if (outcome === 'added') logger.info('agents: added the host key to known_hosts', { instanceId, host: name });
        else if (outcome === 'conflict') logger.warn('agents: known_hosts gained another key for the host meanwhile; not adding', { instanceId, host: name });
      },
      (error: unknown) => logger.warn('agents: could not add the host key to known_hosts', { instanceId, host: name, error: String(error) }),
    );
  }

  async function runOne(job: Job, ref: SyncTarget): Promise<void> {
    if (job.instances.get(ref.id)?.state !== 'queued') return;
    const started = clock.now().getTime();
    job.instances.set(ref.id, { state: 'started', startedAt: started });
    status({ jobId: job.id, instanceId: ref.id, phase: 'connecting' });
    let host = '';
    try {
      if (deps.access && deps.ssm && (await accessOf(ref)) === 'ssm') return await runOneOverSsm(job, ref, started);
      const target = await deps.target(ref).catch((error: unknown) => {
        throw new SyncFailure('no-address', error instanceof Error ? error.message : String(error));
      });
      host = target.host.replace(/^\[(.*)\]$/, '$1');
      const port = deps.sshPort ?? target.port ?? 22;
      const agent = await (job.agent ??= findSshAgent({ env: deps.env, platform: deps.platform ?? process.platform, ...(deps.pipeExists ? { pipeExists: deps.pipeExists } : {}) }));
      // Host keys added by earlier jobs are on disk before this job reads the file.
      const [credentials, knownHosts] = await Promise.all([
        loadCredentials(target.keyFile, ref.region, deps.home, agent),
        (job.knownHosts ??= knownHostsWriter.idle().then(() => readKnownHosts(knownHostsFiles))),
      ]);
      if (job.abort.signal.aborted) throw new SyncFailure('cancelled', 'Cancelled from Flotilla before it connected.');
      let hostKey: HostKeyInfo | undefined;
      let firstUse: Buffer | null = null;
      const { exitCode } = await runOverSsh({
        host,
        port,
        user: target.user,
        credentials,
        command: SYNC_COMMAND,
        readyTimeoutMs: timings.readyTimeoutMs,
        keepaliveIntervalMs: timings.keepaliveIntervalMs,
        keepaliveCountMax: timings.keepaliveCountMax,
        signal: job.abort.signal,
        verifyHostKey: (key) => {
          const verdict = checkHostKey(knownHosts, host, port, key);
          const name = hostName(host, port);
          if (verdict.status === 'revoked') {
            return new SyncFailure('host-key', `${name}'s host key ${verdict.fingerprint} is marked @revoked in ${verdict.file} (line ${verdict.line}); not connecting.`);
          }
          const remembered = acceptedKeys.get(ref.id);
          if (verdict.status === 'changed' || (verdict.status === 'new' && remembered && remembered !== verdict.fingerprint)) {
            const where = verdict.status === 'changed' ? `the one in ${verdict.file} (line ${verdict.line})` : 'the one it presented earlier in this session';
            logger.warn('agents: host key mismatch', { instanceId: ref.id, host: name, fingerprint: verdict.fingerprint });
            return new SyncFailure(
              'host-key',
              `${name} presented host key ${verdict.fingerprint}, which differs from ${where}. If the address now belongs to a new instance (EC2 reuses addresses), remove the old entry with \`ssh-keygen -R ${name}\` and try again; otherwise someone may be intercepting the connection.`,
            );
          }
          if (verdict.status === 'new' && !remembered) {
            acceptedKeys.set(ref.id, verdict.fingerprint);
            logger.info('agents: accepted a new host key on first use', { instanceId: ref.id, host: name, fingerprint: verdict.fingerprint });
          }
          hostKey = { fingerprint: verdict.fingerprint, status: verdict.status === 'known' ? 'known' : 'new' };
          firstUse = verdict.status === 'new' ? key : null;
          return null;
        },
        // Only now has the server proved it holds the key: a key that mismatched never gets here.
        onHandshake: () => {
          if (firstUse) saveHostKey(ref.id, host, port, firstUse);
        },
        onStarted: () => status({ jobId: job.id, instanceId: ref.id, phase: 'running', target: `${target.user}@${host}`, ...(hostKey ? { hostKey } : {}) }),
        onOutput: (stream, text) => {
          if (job.instances.get(ref.id)?.state === 'started') batcher.push(job.id, ref.id, stream, text);
        },
      });
      finished(job, ref.id, started, exitCode, host, 'an SSH session');
    } catch (error) {
      failed(job, ref.id, started, error, host);
    }
  }

  /** An exit code: 127 also says how to install the agent. */
  function finished(job: Job, instanceId: string, started: number, exitCode: number, where: string, session: string) {
    const result = exitCode === 127
      ? {
          exitCode,
          error: {
            kind: 'not-installed' as const,
            message: `${where} has no flotilla-agent on the PATH of ${session} (exit 127). Install it on the server (Node.js 22.12+, then \`npm install -g\` the Flotilla package, e.g. a tarball made with \`npm pack\`) so that it lands in /usr/local/bin, and set FTL_BUCKET and FTL_ROOT in /etc/environment.`,
          },
        }
      : { exitCode };
    logger.info('agents: sync finished', { jobId: job.id, instanceId, host: where, exitCode });
    done(job, instanceId, started, result);
  }

  function failed(job: Job, instanceId: string, started: number, error: unknown, host: string) {
    const failure = error instanceof SyncFailure ? error : new SyncFailure('connection', `Sync now failed: ${error instanceof Error ? error.message : String(error)}.`);
    logger.info('agents: sync failed', { jobId: job.id, instanceId, host, kind: failure.kind });
    done(job, instanceId, started, { exitCode: null, error: { kind: failure.kind, message: failure.message, ...(failure.setting ? { setting: failure.setting } : {}) } });
  }

  async function accessOf(ref: SyncTarget): Promise<AccessMode> {
    try {
      return await deps.access!(ref);
    } catch (error) {
      throw new SyncFailure('no-address', error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Sync over Systems Manager: SendCommand, then GetCommandInvocation until it ends (ssm-run.ts);
   * with `resume`, follows a command sent before Flotilla restarted.
   */
  async function runOneOverSsm(job: Job, ref: SyncTarget, started: number, resume?: InflightCommand): Promise<void> {
    // Cancelled meanwhile: reported already, nothing sent.
    if (job.instances.get(ref.id)?.state !== 'started' || job.abort.signal.aborted) return;
    job.instances.set(ref.id, { state: 'started', startedAt: started, via: 'ssm' });
    const target = `SSM ${ref.id}`;
    const totalMs = timings.commandTimeoutSeconds * 1000 + timings.ssmDeadlineGraceMs;
    const s3Output = deps.ssmOutput?.() ?? null;
    const { exitCode } = await runOverSsm({
      client: deps.ssm!(ref.region),
      instanceId: ref.id,
      command: SYNC_COMMAND,
      timeoutSeconds: timings.commandTimeoutSeconds,
      deadlineMs: Math.max(1000, started + totalMs - clock.now().getTime()),
      ...(resume ? { commandId: resume.commandId } : {}),
      detach: detach.signal,
      ...(s3Output ? { s3Output } : {}),
      pollMs: timings.ssmPollMs,
      invocationGraceMs: timings.ssmInvocationGraceMs,
      cancelWaitMs: timings.ssmCancelWaitMs,
      clock,
      signal: job.abort.signal,
      onSent: (commandId) => {
        logger.info('agents: SSM command sent', { jobId: job.id, instanceId: ref.id, commandId });
        inflight.add({ jobId: job.id, instanceId: ref.id, region: ref.region, commandId, startedAt: started });
      },
      onStarted: (commandId) => status({ jobId: job.id, instanceId: ref.id, phase: 'running', target, commandId }),
      onOutput: (stream, text) => {
        if (job.instances.get(ref.id)?.state !== 'started') return;
        // SSM hands the output over at once (up to 16 MiB from S3): sent in pieces of one flush each,
        // so the batcher's per-interval cap (meant for chatty SSH output) drops none of it.
        for (let at = 0; at < text.length; at += timings.maxCharsPerFlush) {
          batcher.push(job.id, ref.id, stream, text.slice(at, at + timings.maxCharsPerFlush));
          batcher.flush(job.id, ref.id);
        }
      },
    });
    finished(job, ref.id, started, exitCode, ref.id, 'the SSM agent\'s shell (root, AWS-RunShellScript)');
  }

  const api: AgentsApi = {
    async syncNow({ instances, jobId }) {
      const id = jobId ?? deps.newJobId?.() ?? `sync-${randomBytes(6).toString('hex')}`;
      if (jobs.has(id)) throw new FlotillaError('invalid-input', `A sync with job id '${id}' is still running; use another id.`, { jobId: id });
      const seen = new Set<string>();
      const targets = instances.filter((t) => !seen.has(t.id) && seen.add(t.id)).map(({ id: instanceId, region }) => ({ id: instanceId, region }));
      const job: Job = { id, abort: new AbortController(), instances: new Map(targets.map((t) => [t.id, { state: 'queued' }])) };
      jobs.set(id, job);
      records.start(id, SYNC_COMMAND, targets);
      logger.info('agents: sync now', { jobId: id, instances: targets.map((t) => t.id) });
      for (const target of targets) void limit(() => runOne(job, target));
      return { jobId: id, command: SYNC_COMMAND, targets };
    },
    async cancel({ jobId }) {
      const job = jobs.get(jobId);
      if (!job) return { jobId, cancelled: 0 };
      const open = [...job.instances.entries()].filter(([, s]) => s.state !== 'done');
      // Running sessions are sent TERM and closed; queued ones never start (runOne sees 'done').
      // SSM commands get CancelCommand and end when SSM reports Cancelled (runOneOverSsm).
      job.abort.abort();
      const now = clock.now().getTime();
      for (const [instanceId, { state, startedAt, via }] of open) {
        if (via === 'ssm' && state === 'started') continue;
        const message = state === 'queued'
          ? 'Cancelled from Flotilla before it started.'
          : 'Cancelled from Flotilla: the server was asked to stop the sync (an interrupted sync leaves no partial revision).';
        done(job, instanceId, startedAt ?? now, { exitCode: null, error: { kind: 'cancelled', message } });
      }
      logger.info('agents: sync cancelled', { jobId, instances: open.length });
      return { jobId, cancelled: open.length };
    },
    async jobs() {
      return records.list();
    },
  };

  /** The jobs a previous run left with SSM commands running: their records again, and their commands followed. */
  async function resumeInflight() {
    const byJob = new Map<string, InflightCommand[]>();
    for (const c of await inflight.load()) byJob.set(c.jobId, [...(byJob.get(c.jobId) ?? []), c]);
    for (const [jobId, commands] of byJob) {
      if (jobs.has(jobId)) continue;
      const job: Job = { id: jobId, abort: new AbortController(), instances: new Map(commands.map((c) => [c.instanceId, { state: 'started', startedAt: c.startedAt, via: 'ssm' }])) };
      jobs.set(jobId, job);
      records.start(jobId, SYNC_COMMAND, commands.map((c) => ({ id: c.instanceId, region: c.region })));
      logger.info('agents: following SSM commands again after a restart', { jobId, commands: commands.map((c) => c.commandId) });
      for (const c of commands) {
        const ref = { id: c.instanceId, region: c.region };
        status({ jobId, instanceId: c.instanceId, phase: 'connecting' });
        void limit(() => runOneOverSsm(job, ref, c.startedAt, c).catch((error: unknown) => failed(job, c.instanceId, c.startedAt, error, '')));
      }
    }
  }

  return {
    api,
    async start() {
      if (deps.ssm) await resumeInflight();
    },
    async close() {
      detach.abort();
      const all = [...jobs.values()];
      // SSM commands go on on their instances (a restarted core follows them again); SSH sessions are cancelled.
      const now = clock.now().getTime();
      for (const job of all) {
        for (const [instanceId, { state, startedAt, via }] of job.instances) {
          if (state === 'started' && via === 'ssm') done(job, instanceId, startedAt ?? now, { exitCode: null, error: { kind: 'cancelled', message: 'Flotilla closed while the SSM command ran; it goes on on the instance, and Flotilla follows it again when it starts.' } });
        }
      }
      await Promise.all(all.map((job) => api.cancel({ jobId: job.id })));
      await inflight.idle();
      batcher.close();
      await knownHostsWriter.idle();
    },
  };
}
