import type { FlotillaApi } from '../contract/api';
import type { InstancesApi } from '../contract/instances-api';
import type { Logger } from '../core/ports';
import { instancesInputSchemas } from '../contract/instances-schemas';
import { createStderrLogger } from '../node/node-ports';
import { isCommand, type CommandName, type ValuesOf } from './command-specs';
import { checkCommand } from './commands/check';
import { configCheckCommand } from './commands/config-check';
import { configShowCommand } from './commands/config-show';
import { extendCommand } from './commands/instances-extend';
import { launchCommand } from './commands/instances-launch';
import { lsCommand } from './commands/instances-ls';
import { sweepCommand } from './commands/instances-sweep';
import { terminateCommand } from './commands/instances-terminate';
import { projectsCommand } from './commands/projects';
import { renderCommand } from './commands/render';
import { serveCommand } from './commands/serve';
import { openCliApi, packageVersion, processOutput, requireDir, resolveProjectsDir, UsageError, type Output } from './context';
import { commandHelp, parseCommandLine, topHelp } from './help';

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`flotilla: ${error.message}`);
      return 2;
    }
    io.err(`flotilla: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** Instance commands parse their own arguments and print their own errors (instances-cli-support.ts). */
const instanceCommands = {
  launch: launchCommand,
  ls: lsCommand,
  extend: extendCommand,
  terminate: terminateCommand,
  sweep: sweepCommand,
} satisfies Partial<Record<CommandName, (api: InstancesApi, argv: string[], io: Output) => Promise<number>>>;

function isInstanceCommand(command: CommandName): command is keyof typeof instanceCommands {
  return Object.hasOwn(instanceCommands, command);
}

/**
 * The folder of templates: --dir, else FLOTILLA_PROJECTS_DIR or ./projects (else, with
 * `fallbackToExamples`, the shipped examples). It must exist, unless `optional` and not named by --dir.
 */
function projectsDirFor(dir: string | undefined, fallbackToExamples: boolean, optional = false): string {
  const resolved = resolveProjectsDir(dir, fallbackToExamples);
  if (!optional || dir !== undefined) requireDir(resolved);
  return resolved;
}

/** Runs `body` on the API, opened only when the command first calls it (not for --help or bad usage), then closed. */
async function withApi<T>(projectsDir: () => string, body: (api: () => Promise<FlotillaApi>) => Promise<T>, logger?: Logger): Promise<T> {
  const state: { opened: ReturnType<typeof openCliApi> | null } = { opened: null };
  try {
    return await body(async () => (await (state.opened ??= openCliApi(projectsDir(), logger))).api);
  } finally {
    await state.opened?.then((o) => o.close(), () => undefined);
  }
}

/** An InstancesApi whose calls open the core on first use. */
function lazyInstances(api: () => Promise<FlotillaApi>): InstancesApi {
  const methods = Object.keys(instancesInputSchemas).map((method) => [
    method,
    async (input: unknown) => ((await api()).instances as unknown as Record<string, (i: unknown) => Promise<unknown>>)[method]!(input),
  ]);
  return Object.fromEntries(methods) as InstancesApi;
}

/** The --dir of an instance command, if its arguments parse (otherwise the command itself reports why). */
function dirOf(command: CommandName, argv: string[]): string | undefined {
  try {
    const values = parseCommandLine(command, argv).values as { dir?: string };
    return values.dir;
  } catch {
    return undefined;
  }
}

async function run(argv: string[], io: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return io.out(topHelp()), 2;
  if (command === '-h' || command === '--help') return io.out(topHelp()), 0;
  if (command === '-v' || command === '--version') return io.out(packageVersion()), 0;
  if (command.startsWith('-')) throw new UsageError(`the command comes first: flotilla <command> [options]. See flotilla --help.`);
  if (!isCommand(command)) throw new UsageError(`unknown command '${command}'. See flotilla --help.`);
  if (isInstanceCommand(command)) {
    const dir = dirOf(command, rest);
    return withApi(() => projectsDirFor(dir, true, true), (api) => instanceCommands[command](lazyInstances(api), rest, io));
  }
  return runOther(command, rest, io);
}

type OtherCommand = Exclude<CommandName, keyof typeof instanceCommands>;
type Handler<C extends CommandName> = (values: ValuesOf<C>, positionals: string[], io: Output) => Promise<number>;

async function runOther<C extends OtherCommand>(command: C, argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommandLine(command, argv);
  if (values.help) return io.out(commandHelp(command)), 0;
  const handler: Handler<C> = handlers[command];
  return handler(values, positionals, io);
}

function noArguments(command: CommandName, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`${command} takes no arguments. See flotilla ${command} --help.`);
}

/** Runs `body` on the API over the templates in `dir`. */
function onProjects(dir: string, body: (api: FlotillaApi) => Promise<number>): Promise<number> {
  return withApi(() => dir, async (open) => body(await open()));
}

const handlers: { [C in OtherCommand]: Handler<C> } = {
  projects: async (values, positionals, io) => {
    noArguments('projects', positionals);
    const dir = projectsDirFor(values.dir, true);
    return onProjects(dir, (api) => projectsCommand(api, dir, values.json === true, io));
  },
  check: async (values, positionals, io) => {
    noArguments('check', positionals);
    const dir = projectsDirFor(values.dir, false);
    return onProjects(dir, (api) => checkCommand(api, dir, io));
  },
  render: async (values, positionals, io) => {
    if (positionals.length !== 1) throw new UsageError('render needs exactly one project id: flotilla render <project> --user U --branch B');
    return onProjects(projectsDirFor(values.dir, false), (api) => renderCommand(api, positionals[0]!, values.user, values.branch, io));
  },
  serve: async (values, positionals, io) => {
    noArguments('serve', positionals);
    return serveCommand(projectsDirFor(values.dir, true), parsePort(values.port), io);
  },
  config: async (values, positionals, io) => {
    const [sub, ...extra] = positionals;
    if (extra.length || (sub !== 'check' && sub !== 'show')) {
      throw new UsageError('config takes one subcommand: flotilla config check [--settings F] [--aws-settings F] [--instance-config F], or flotilla config show [--json]');
    }
    const files = { settings: values.settings, awsSettings: values['aws-settings'], instanceConfig: values['instance-config'] };
    if (sub === 'check') {
      if (values.json) throw new UsageError('config check does not take --json. See flotilla config --help.');
      return configCheckCommand(files, io);
    }
    if (Object.values(files).some((f) => f !== undefined)) throw new UsageError('config show takes only --json; the file options are for config check. See flotilla config --help.');
    // Quiet logger: the command prints the settings' warnings itself.
    return withApi(() => projectsDirFor(undefined, true, true), async (open) => configShowCommand(await open(), values.json === true, io), createStderrLogger('error'));
  },
};

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not '${value}'.`);
  return port;
}
