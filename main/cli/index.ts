import { parseArgs } from 'node:util';
import { checkCommand } from './commands/check';
import { configCheckCommand } from './commands/config-check';
import { extendCommand } from './commands/instances-extend';
import { launchCommand } from './commands/instances-launch';
import { lsCommand } from './commands/instances-ls';
import { sweepCommand } from './commands/instances-sweep';
import { terminateCommand } from './commands/instances-terminate';
import type { InstancesApi } from '../contract/instances-api';
import { projectsCommand } from './commands/projects';
import { renderCommand } from './commands/render';
import { serveCommand } from './commands/serve';
import { openCore, packageVersion, processOutput, requireDir, resolveProjectsDir, UsageError, type Output } from './context';

const help: Record<string, string> = {
  '': `flotilla: a control panel for short-lived EC2 instances and S3-hosted releases

Usage: flotilla <command> [options]

Commands:
  projects [--dir D] [--json]                      list projects and their state
  check [--dir D]                                  validate every project; exit 1 on any error
  render <project> --user U --branch B [--dir D]   print a project's user-data for a branch
  serve [--port N] [--dir D]                       run the app in your browser (127.0.0.1 only)
  launch <project> --user U --branch B [--count N] [--ttl 4h] [--region R] [--wait]
                                                   check, then launch instances of a branch on EC2
  ls [--json] [--mine] [--project P]               the team's live instances (from EC2 tags)
  extend <instance-id> <duration>                  move an instance's expiry (e.g. 4h)
  terminate <instance-id>...                       terminate instances Flotilla launched
  sweep                                            terminate every Flotilla instance past its expiry
  config check [--settings F] [--aws-settings F] [--instance-config F]
                                                   check settings files; exit 1 on any problem

Options:
  --dir D      folder of <id>.sh / <id>.sh.njk templates (default: ./projects, or FLOTILLA_PROJECTS_DIR)
  -h, --help   help for a command (flotilla <command> --help)
  -v, --version

Exit codes: 0 ok, 1 problems found or failure, 2 bad usage or a refused render.`,
  projects: `Usage: flotilla projects [--dir D] [--json]

Lists every project in the folder with its state (valid, warnings, errors).
  --json   print every project with its metadata and problems as JSON`,
  check: `Usage: flotilla check [--dir D]

Validates every project and prints each problem as file:line: message.
Exits 1 if any project has an error (warnings do not fail), so it fits a CI step.`,
  render: `Usage: flotilla render <project> --user U --branch B [--dir D]

Prints the user-data the project renders for GitHub user U and branch B.
Exits 2 with the reason on stderr if the project, the user or the branch is refused.`,
  config: `Usage: flotilla config check [--settings FILE] [--aws-settings FILE] [--instance-config FILE]

Checks Flotilla's settings file (default: the one in your config folder), an INI user settings
file ([EC2] AccessKeyId, SecretAccessKey, AvailabilityZone, SSHKeyPair, SSHKeyPairFile) and a
product's instance.config ([EC2] ImageID, InstanceType, ...). Prints every problem with the file,
the key and the fix, and exits 1 if there is any. Secrets are never printed.`,
  serve: `Usage: flotilla serve [--port N] [--dir D]

Starts Flotilla in browser mode on 127.0.0.1 (a free port unless --port is given) and prints
a URL such as http://127.0.0.1:PORT/#token=... Open that exact URL: the token after # is made
for this run, stays in that browser tab (a reload keeps working) and is never sent as a cookie.
Calls without it get 403. Ctrl-C stops the server.`,
};

const options = {
  dir: { type: 'string' },
  json: { type: 'boolean' },
  user: { type: 'string' },
  branch: { type: 'string' },
  port: { type: 'string' },
  settings: { type: 'string' },
  'aws-settings': { type: 'string' },
  'instance-config': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const allowed: Record<string, readonly string[]> = {
  projects: ['dir', 'json'],
  check: ['dir'],
  render: ['dir', 'user', 'branch'],
  serve: ['dir', 'port'],
  config: ['settings', 'aws-settings', 'instance-config'],
};

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`flotilla: ${error.message}`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`flotilla: ${error.message}. See flotilla --help.`);
      return 2;
    }
    io.err(`flotilla: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** Instance commands parse their own options (instances-cli-support.ts). */
const instanceCommands: Record<string, (api: InstancesApi, argv: string[], io: Output) => Promise<number>> = {
  launch: launchCommand,
  ls: lsCommand,
  extend: extendCommand,
  terminate: terminateCommand,
  sweep: sweepCommand,
};

async function runInstanceCommand(command: string, argv: string[], io: Output): Promise<number> {
  const core = await openCore(resolveProjectsDir(undefined, true), 'cli', false);
  try {
    return await instanceCommands[command]!(core.api.instances, argv, io);
  } finally {
    await core.close();
  }
}

async function run(argv: string[], io: Output): Promise<number> {
  if (argv[0] && argv[0] in instanceCommands) return runInstanceCommand(argv[0], argv.slice(1), io);
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.version) return io.out(packageVersion()), 0;
  if (!command) return io.out(help['']!), values.help ? 0 : 2;
  if (!(command in allowed)) throw new UsageError(`unknown command '${command}'. See flotilla --help.`);
  if (values.help) return io.out(help[command]!), 0;
  const extra = Object.keys(values).filter((k) => !allowed[command]!.includes(k));
  if (extra.length) throw new UsageError(`${command} does not take --${extra[0]}. See flotilla ${command} --help.`);

  if (command === 'config') {
    if (rest.length !== 1 || rest[0] !== 'check') throw new UsageError('config takes one subcommand: flotilla config check [--settings F] [--aws-settings F] [--instance-config F]');
    return configCheckCommand(
      {
        settings: values.settings,
        awsSettings: values['aws-settings'],
        instanceConfig: values['instance-config'],
        settingsDir: process.env.FLOTILLA_CONFIG_DIR,
      },
      io,
    );
  }
  if (command === 'serve') {
    if (rest.length) throw new UsageError(`serve takes no arguments. See flotilla serve --help.`);
    return serveCommand(resolveProjectsDir(values.dir, true), parsePort(values.port), io);
  }
  if (command === 'render') {
    if (rest.length !== 1) throw new UsageError('render needs exactly one project id: flotilla render <project> --user U --branch B');
    if (!values.user || !values.branch) throw new UsageError('render needs --user and --branch.');
  } else if (rest.length) throw new UsageError(`${command} takes no arguments. See flotilla ${command} --help.`);

  const dir = resolveProjectsDir(values.dir, command === 'projects');
  requireDir(dir);
  const core = await openCore(dir, 'cli', false);
  try {
    if (command === 'projects') return await projectsCommand(core, dir, values.json ?? false, io);
    if (command === 'check') return await checkCommand(core, dir, io);
    return await renderCommand(core, rest[0]!, values.user!, values.branch!, io);
  } finally {
    await core.close();
  }
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not '${value}'.`);
  return port;
}
