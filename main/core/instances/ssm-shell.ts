import type { ShellVia, SshCommand } from '../../contract/instances/dto';
import { FlotillaError } from '../../contract/errors';
import type { Which } from '../terminal/plan';
import { posixQuote } from '../terminal/quote';
import { accessOf } from './instance-dto';
import { TAG, tagMap, type Ec2Tag } from './tags';

/** Where AWS says how to install each program a Session Manager shell needs. */
export const AWS_CLI_INSTALL_URL = 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';
export const SESSION_MANAGER_PLUGIN_URL = 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * How a shell reaches the instance: `via` when asked and the instance is reached that way
 * (its `flotilla:access` tag), else ssm for an SSM-only instance and ssh for the others.
 */
export function shellVia(tags: readonly Ec2Tag[] | undefined, id: string, via?: ShellVia): ShellVia {
  const access = accessOf(tagMap(tags)[TAG.access]);
  if (via === undefined) return access === 'ssm' ? 'ssm' : 'ssh';
  if (via === 'ssm' && access === 'ssh') {
    throw new FlotillaError('invalid-input', `${id} is reached over SSH only (flotilla:access = ssh): use SSH, or launch with access = ssm or both to use Systems Manager.`, { id });
  }
  if (via === 'ssh' && access === 'ssm') {
    throw new FlotillaError('invalid-input', `${id} is reached over SSM only (flotilla:access = ssm): its security group opens no port 22. Open a shell over SSM instead.`, { id });
  }
  return via;
}

/**
 * `aws ssm start-session --target <id> --region <region>` as an array of arguments (run without a
 * shell); `text` is the same for copying. The id and region are checked first: both come from AWS.
 * https://docs.aws.amazon.com/cli/latest/reference/ssm/start-session.html
 */
export function ssmSessionCommand(id: string, region: string): SshCommand {
  if (!INSTANCE_ID.test(id)) throw new FlotillaError('invalid-input', `'${id.slice(0, 40)}' is not an EC2 instance id.`, { id: id.slice(0, 40) });
  if (!REGION.test(region)) throw new FlotillaError('invalid-input', `'${region.slice(0, 40)}' is not an AWS region name.`, { value: region.slice(0, 40) });
  const args = ['ssm', 'start-session', '--target', id, '--region', region];
  return { command: 'aws', args, text: ['aws', ...args].map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : posixQuote(a))).join(' '), user: '', host: id, keyFile: null };
}

/**
 * Refuses, naming exactly what to install, unless the AWS CLI (`aws`) and the Session Manager
 * plugin (`session-manager-plugin`, which `aws ssm start-session` runs) are both on PATH.
 */
export async function requireSsmTools(which: Which): Promise<void> {
  const [aws, plugin] = await Promise.all([which('aws'), which('session-manager-plugin')]);
  const missing: string[] = [];
  if (!aws) missing.push(`the AWS CLI version 2 (\`aws\`; ${AWS_CLI_INSTALL_URL})`);
  if (!plugin) missing.push(`the Session Manager plugin for the AWS CLI (\`session-manager-plugin\`; ${SESSION_MANAGER_PLUGIN_URL})`);
  if (missing.length === 0) return;
  throw new FlotillaError(
    'unavailable',
    `A shell over SSM runs \`aws ssm start-session\`, which needs ${missing.join(' and ')} on PATH: install ${missing.length === 1 ? 'it' : 'them'}, then try again. Or copy the command to run it where they are installed.`,
    { command: aws ? 'session-manager-plugin' : 'aws' },
  );
}
