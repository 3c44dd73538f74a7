import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { AWS_CLI_INSTALL_URL, SESSION_MANAGER_PLUGIN_URL, ssmSessionCommand } from './ssm-shell';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, flotillaTags, mockedAws, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();
const ID = 'i-0123456789abcdef0';

/** A PATH holding `programs` (the `which` the service is given). */
const pathWith = (...programs: string[]) => async (program: string) => (programs.includes(program) ? `/usr/local/bin/${program}` : null);

function serviceFor(access: string, programs: string[] = ['aws', 'session-manager-plugin']) {
  ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, tags: flotillaTags({ [TAG.access]: access }) })]));
  const { deps, recorded } = testDeps({ which: pathWith(...programs) });
  return { api: createInstancesService(deps).api, recorded };
}

const SESSION = ['ssm', 'start-session', '--target', ID, '--region', 'us-east-1'];

describe('a shell over SSM', () => {
  test('sshCommand for an ssm instance answers the aws ssm start-session command line to copy', async () => {
    const { api } = serviceFor('ssm');
    expect(await api.sshCommand({ id: ID })).toEqual({
      command: 'aws',
      args: SESSION,
      text: `aws ssm start-session --target ${ID} --region us-east-1`,
      user: '',
      host: ID,
      keyFile: null,
    });
  });

  test('openSsh opens the terminal with the argv (never a shell string) when aws and the plugin are on PATH', async () => {
    const { api, recorded } = serviceFor('ssm');
    await api.openSsh({ id: ID });
    expect(recorded.terminal).toEqual([{ command: 'aws', args: SESSION }]);
  });

  test.each([
    [['session-manager-plugin'], /AWS CLI version 2 \(`aws`/, AWS_CLI_INSTALL_URL, 'aws'],
    [['aws'], /Session Manager plugin for the AWS CLI \(`session-manager-plugin`/, SESSION_MANAGER_PLUGIN_URL, 'session-manager-plugin'],
  ])('without %j on PATH: an error naming exactly what to install, and no terminal', async (programs, what, url, command) => {
    const { api, recorded } = serviceFor('ssm', programs);
    const error = await api.openSsh({ id: ID }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(what), data: { command } });
    expect((error as Error).message).toContain(url);
    expect(recorded.terminal).toEqual([]);
  });

  test('with neither: both named', async () => {
    const { api } = serviceFor('ssm', []);
    const error = (await api.openSsh({ id: ID }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(AWS_CLI_INSTALL_URL);
    expect(error.message).toContain(SESSION_MANAGER_PLUGIN_URL);
  });

  test('access = both: SSH by default, SSM when asked', async () => {
    const { api, recorded } = serviceFor('both');
    expect((await api.sshCommand({ id: ID })).command).toBe('ssh');
    await api.openSsh({ id: ID, via: 'ssm' });
    expect(recorded.terminal).toEqual([{ command: 'aws', args: SESSION }]);
  });

  test('a way the instance is not reached by is refused', async () => {
    await expect(serviceFor('ssh').api.sshCommand({ id: ID, via: 'ssm' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('SSH only') });
    await expect(serviceFor('ssm').api.openSsh({ id: ID, via: 'ssh' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('no port 22') });
  });

  test('a hostile id or region never reaches the command line', () => {
    expect(() => ssmSessionCommand('i-0123; rm -rf /', 'us-east-1')).toThrow(/not an EC2 instance id/);
    expect(() => ssmSessionCommand(ID, '--profile=evil')).toThrow(/not an AWS region name/);
  });
});
