import type { CheckStatus } from '@contract/instances/launch-dto';
import type { AccessMode, InstanceDto, SsmStatus } from '@contract/instances/dto';

/** How an instance, its owner, its state and a pre-flight check's status read on screen. */

/** How an instance is named on screen: `<project>/<branch>` (its Name tag). */
export const instanceName = (instance: Pick<InstanceDto, 'project' | 'branch'>): string => `${instance.project}/${instance.branch}`;

/** "alice" from arn:aws:iam::123:user/alice or arn:aws:sts::123:assumed-role/Dev/alice. */
export function ownerName(owner: string): string {
  const slash = owner.lastIndexOf('/');
  return slash >= 0 ? owner.slice(slash + 1) : owner.split(':').pop() || owner;
}

export type Tone = 'ok' | 'warn' | 'error' | 'busy' | 'idle';

/** The instance's state in words (EC2 state, then how far it is towards ready). */
export function stateText(instance: Pick<InstanceDto, 'state' | 'readiness'>): { text: string; tone: Tone } {
  switch (instance.state) {
    case 'pending':
      return { text: 'Pending', tone: 'busy' };
    case 'running':
      switch (instance.readiness) {
        case 'ready':
          return { text: 'Ready', tone: 'ok' };
        case 'timed-out':
          return { text: 'Running · not ready', tone: 'error' };
        case 'addressed':
          return { text: 'Running · starting app', tone: 'busy' };
        case 'unknown':
          return { text: 'Running', tone: 'idle' };
        default:
          return { text: 'Running · booting', tone: 'busy' };
      }
    case 'shutting-down':
      return { text: 'Shutting down', tone: 'warn' };
    case 'stopping':
      return { text: 'Stopping', tone: 'warn' };
    case 'stopped':
      return { text: 'Stopped', tone: 'warn' };
    default:
      return { text: 'Terminated', tone: 'idle' };
  }
}

export const checkWords: Record<CheckStatus, string> = {
  pending: 'Waiting',
  running: 'Checking',
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
};

/** The SSM agent's status in words (short for the fleet's badge, long for the details), null when not reached over SSM or not known. */
export function ssmText(ssm: SsmStatus | null): { short: string; long: string; tone: Tone } | null {
  switch (ssm) {
    case 'online':
      return { short: 'SSM', long: 'Online', tone: 'ok' };
    case 'connection-lost':
      return { short: 'SSM lost', long: 'Connection lost: the agent stopped answering Systems Manager', tone: 'warn' };
    case 'inactive':
      return { short: 'SSM off', long: 'Inactive in Systems Manager', tone: 'warn' };
    case 'not-registered':
      return {
        short: 'No SSM',
        long: 'Not registered: the agent has not reached Systems Manager (still booting, no agent in the image, or a role without AmazonSSMManagedInstanceCore)',
        tone: 'warn',
      };
    default:
      return null;
  }
}

/** How an instance is reached, for the details. */
export const accessWords: Record<AccessMode, string> = { ssh: 'SSH', ssm: 'SSM (Systems Manager)', both: 'SSH and SSM' };
