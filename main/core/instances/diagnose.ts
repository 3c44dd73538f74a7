import {
  DescribeInstanceStatusCommand,
  GetConsoleOutputCommand,
  type EC2Client,
  type Instance,
  type InstanceStatus,
} from '@aws-sdk/client-ec2';
import type { ConsoleOutput, Diagnosis, DiagnosisStage } from '../../contract/dto/instances';
import { withBackoff } from '../shared/retry-policy';
import type { DescribeContext } from './describe';
import { stateOf } from './instance-dto';
import { publicHost, type ProbeResult } from './ready-url';

/** Lines of console output kept in a diagnosis. */
export const CONSOLE_TAIL_LINES = 40;

export interface DiagnosisInput {
  instance: Instance;
  region: string;
  status: InstanceStatus | null;
  readyUrl: string | null;
  lastProbe: ProbeResult | null;
  console: string | null;
}

function stateStage(instance: Instance): DiagnosisStage {
  const state = stateOf(instance);
  const reason = instance.StateReason?.Message ?? instance.StateTransitionReason ?? '';
  if (state === 'running') return { stage: 'state', status: 'pass', message: `running since ${instance.LaunchTime ? new Date(instance.LaunchTime).toISOString() : 'launch'}` };
  if (state === 'pending') return { stage: 'state', status: 'pending', message: 'still pending: EC2 has not started it yet' };
  const hint = /InstanceInitiatedShutdown/.test(reason)
    ? ' (it shut itself down: the user-data script, or the expiry guard once flotilla:expires-at passed)'
    : '';
  return { stage: 'state', status: 'fail', message: `${state}${reason ? `: ${reason}` : ''}${hint}` };
}

function statusStage(status: InstanceStatus | null): DiagnosisStage {
  if (!status) return { stage: 'status-checks', status: 'unknown', message: 'EC2 reports no status checks yet' };
  const system = status.SystemStatus?.Status ?? 'unknown';
  const own = status.InstanceStatus?.Status ?? 'unknown';
  if (system === 'ok' && own === 'ok') return { stage: 'status-checks', status: 'pass', message: 'system and instance status checks pass' };
  if (system === 'impaired' || own === 'impaired') {
    const details = [...(status.SystemStatus?.Details ?? []), ...(status.InstanceStatus?.Details ?? [])]
      .map((d) => `${d.Name}: ${d.Status}`)
      .join(', ');
    return { stage: 'status-checks', status: 'fail', message: `status checks impaired (system ${system}, instance ${own}${details ? `; ${details}` : ''}): the OS did not boot or lost its network` };
  }
  return { stage: 'status-checks', status: 'pending', message: `status checks still ${own === system ? own : `${system} / ${own}`}` };
}

function addressStage(instance: Instance): DiagnosisStage {
  const host = publicHost(instance);
  if (host) return { stage: 'address', status: 'pass', message: `public address ${host}` };
  if (stateOf(instance) !== 'running') return { stage: 'address', status: 'unknown', message: 'no public address (not running)' };
  return { stage: 'address', status: 'fail', message: 'no public DNS name or IP: its subnet does not assign public IPs; launch into a public subnet' };
}

function urlStage(readyUrl: string | null, probe: ProbeResult | null): DiagnosisStage {
  if (!readyUrl) return { stage: 'ready-url', status: 'unknown', message: 'no ready-url to probe until it has a public address' };
  if (!probe) return { stage: 'ready-url', status: 'pending', message: `${readyUrl} not probed yet` };
  if (probe.ok) return { stage: 'ready-url', status: 'pass', message: `${readyUrl} answered HTTP ${probe.status}` };
  return { stage: 'ready-url', status: 'fail', message: `${readyUrl}: ${probe.error} (at ${probe.at}); the app did not start, or listens on another port` };
}

/** The last `lines` lines, without trailing blank ones. */
export function tail(text: string, lines = CONSOLE_TAIL_LINES): string {
  const all = text.replace(/\r\n/g, '\n').replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

export function buildDiagnosis(input: DiagnosisInput): Diagnosis {
  const stages = [stateStage(input.instance), statusStage(input.status), addressStage(input.instance), urlStage(input.readyUrl, input.lastProbe)];
  const first = stages.find((s) => s.status === 'fail') ?? stages.find((s) => s.status !== 'pass');
  const consoleTail = input.console ? tail(input.console) : null;
  const see = consoleTail ? '; the end of its console output is below' : '';
  return {
    id: input.instance.InstanceId ?? '',
    region: input.region,
    summary: first ? `${first.stage}: ${first.message}${see}` : 'Every stage passes: the instance is ready.',
    stages,
    consoleTail,
  };
}

/** Status checks of many instances: one DescribeInstanceStatus per 100 ids. */
export async function statusChecks(ec2: EC2Client, ids: readonly string[], ctx: DescribeContext): Promise<Map<string, InstanceStatus>> {
  const found = new Map<string, InstanceStatus>();
  for (let i = 0; i < ids.length; i += 100) {
    const answer = await withBackoff(
      () => ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ids.slice(i, i + 100), IncludeAllInstances: true })),
      { clock: ctx.clock },
    );
    for (const status of answer.InstanceStatuses ?? []) if (status.InstanceId) found.set(status.InstanceId, status);
  }
  return found;
}

/** GetConsoleOutput, decoded from base64 (EC2 answers nothing until the instance has written some). */
export async function consoleOutput(ec2: EC2Client, id: string, region: string, ctx: DescribeContext): Promise<ConsoleOutput> {
  const answer = await withBackoff(() => ec2.send(new GetConsoleOutputCommand({ InstanceId: id })), { clock: ctx.clock });
  return {
    id,
    region,
    output: answer.Output ? Buffer.from(answer.Output, 'base64').toString('utf8') : '',
    timestamp: answer.Timestamp ? new Date(answer.Timestamp).toISOString() : null,
  };
}
