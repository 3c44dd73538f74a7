/**
 * The command line as a whole, through `main` (runCli): help made from the option table, --dir on
 * every command that reads templates, and arguments checked by the contract's schemas (the same
 * dispatcher as IPC and browser mode) before anything reaches AWS.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMMANDS, type CommandName } from './command-specs';
import { runCli as run } from './run-cli.test-helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const commands = Object.keys(COMMANDS) as CommandName[];
const TEMPLATES_READ_BY = ['projects', 'check', 'render', 'serve', 'launch'];

describe('flotilla options', () => {
  let scratch: string;
  let templates: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'cli-options-'));
    process.env.FLOTILLA_CONFIG_DIR = path.join(scratch, 'config');
    templates = path.join(scratch, 'launch-templates');
    mkdirSync(templates);
    writeFileSync(path.join(templates, 'only-here.sh'), '#!/bin/sh\n# fleeting-meta:name = Only here\necho hi\n');
  });
  afterEach(() => {
    ec2.reset();
    sts.reset();
  });
  afterAll(() => {
    ec2.restore();
    sts.restore();
    rmSync(scratch, { recursive: true, force: true });
    delete process.env.FLOTILLA_CONFIG_DIR;
  });

  test('flotilla --help names every command with every one of its options', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const command of commands) {
      // From `  <command>` to its summary line.
      const entry = stdout.slice(stdout.indexOf(`\n  ${command}`));
      const block = entry.slice(0, entry.indexOf(`\n      ${COMMANDS[command].summary}`));
      for (const option of Object.keys(COMMANDS[command].options)) expect(block, `${command} --${option}`).toContain(`--${option}`);
    }
    // The ones issue 13 found missing.
    expect(stdout).toMatch(/launch <project>[^]*--type T[^]*--env KEY=VALUE/);
    expect(stdout).toMatch(/ls [^\n]*--region R/);
    expect(stdout).toMatch(/extend <instance-id> <duration> \[--region R\]/);
  });

  test.each(commands)('flotilla %s --help lists each of its options, and exits 0', async (command) => {
    const { code, stdout } = await run(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: flotilla ${command}`));
    for (const option of Object.keys(COMMANDS[command].options)) expect(stdout).toMatch(new RegExp(`\\n  --${option}\\b`));
  });

  test('every command that reads templates takes --dir', () => {
    for (const command of TEMPLATES_READ_BY) expect(COMMANDS[command as CommandName].options, command).toHaveProperty('dir');
  });

  test('launch reads its templates from --dir', async () => {
    const { code, stderr } = await run('launch', 'nope', '--user', 'octocat', '--branch', 'main', '--dir', templates);
    expect(code).toBe(1);
    expect(stderr).toBe("flotilla launch: No project 'nope' in launch-templates/; the projects are only-here.\n");
    expect(ec2.calls()).toHaveLength(0);
  });

  test('launch --dir naming no folder is bad usage', async () => {
    const { code, stderr } = await run('launch', 'web', '--user', 'octocat', '--branch', 'main', '--dir', path.join(scratch, 'nowhere'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/There is no projects folder at .*nowhere\. Create it, or pass --dir/);
  });

  test.each([
    ['launch', ['launch', 'only-here', '--user', 'octocat', '--branch', 'main', '--dir', 'DIR', '--region', 'Not A Region'], "region 'Not A Region' is not an AWS region name (like us-east-1 or eu-west-1)"],
    ['ls', ['ls', '--region', 'Not A Region'], "instances.list: field 'regions.0': is not an AWS region code such as eu-west-1"],
    ['extend', ['extend', 'i-0123456789abcdef0', '4h', '--region', 'Not A Region'], "instances.extend: field 'region': is not an AWS region code such as eu-west-1"],
    ['terminate', ['terminate', 'i-0123456789abcdef0', '--region', 'Not A Region'], "instances.terminate: field 'region': is not an AWS region code such as eu-west-1"],
  // launch checks its region with every other field in one round (the core's launch input check,
  // no AWS call), the others in the contract's schema: both are bad usage, before any AWS call.
  ])("%s --region 'Not A Region' is refused before any AWS call (exit 2)", async (_name, argv, where) => {
    const { code, stderr } = await run(...argv.map((a) => (a === 'DIR' ? templates : a)));
    expect(code).toBe(2);
    expect(stderr).toContain(where);
    expect(ec2.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });

  // The image reaching the launch is in commands/instances-commands.test.ts; here, the option is read.
  test('launch --image that is neither an AMI id nor role:NAME is bad usage, before any AWS call', async () => {
    const { code, stderr } = await run('launch', 'only-here', '--user', 'octocat', '--branch', 'main', '--dir', templates, '--image', 'ubuntu');
    expect(code).toBe(2);
    expect(stderr).toContain("image 'ubuntu' is not an AMI id (ami- and 8 or 17 hex digits) or role:<name>");
    expect(ec2.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });

  test('an instance id the contract refuses never reaches EC2', async () => {
    const { code, stderr } = await run('terminate', 'i-nope');
    expect(code).toBe(2);
    expect(stderr).toContain("instances.terminate: field 'ids.0': is not an instance id");
    expect(ec2.calls()).toHaveLength(0);
  });

  test('a required option left out, or an option another command has, is bad usage naming it', async () => {
    expect(await run('launch', 'only-here', '--branch', 'main')).toMatchObject({ code: 2, stderr: expect.stringContaining('launch needs --user') });
    expect(await run('ls', '--dir', templates)).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--dir'") });
    expect(await run('--dir', templates, 'projects')).toMatchObject({ code: 2, stderr: expect.stringContaining('the command comes first') });
  });
});
