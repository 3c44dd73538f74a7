/**
 * Every `flotilla` command and option, as data. Parsing (help.ts parseCommandLine), `flotilla --help`
 * and `flotilla <command> --help` are all made from this table, so help cannot leave an option out.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in help (`--user U`). */
  arg?: string;
  multiple?: boolean;
  /** Shown without brackets in the usage line; the command refuses to run without it. */
  required?: boolean;
  help: string;
}

export interface CommandSpec {
  /** Positional arguments as shown (`<project>`, `<instance-id>...`). */
  args?: string;
  /** One line for `flotilla --help`. */
  summary: string;
  /** What `flotilla <command> --help` says after the usage line. */
  about: string;
  options: Record<string, OptionSpec>;
  exitCodes: string;
}

const dir = { type: 'string', arg: 'D', help: 'folder of <id>.sh / <id>.sh.njk templates (default: ./projects, or FLOTILLA_PROJECTS_DIR)' } satisfies OptionSpec;
const json = { type: 'boolean', help: 'print JSON instead of text' } satisfies OptionSpec;
const region = { type: 'string', arg: 'R', help: 'the AWS region the instance is in (default: every region in Settings)' } satisfies OptionSpec;

export const COMMANDS = {
  projects: {
    summary: 'list projects and their state',
    about: 'Lists every project in the folder with its state (valid, warnings, errors).',
    options: { dir, json: { type: 'boolean', help: 'print every project with its metadata and problems as JSON' } },
    exitCodes: '0, or 2 on bad usage.',
  },
  check: {
    summary: 'validate every project; exit 1 on any error',
    about: 'Validates every project and prints each problem as file:line: message.\nWarnings do not fail, so it fits a CI step.',
    options: { dir },
    exitCodes: '0 no errors, 1 a project has an error, 2 bad usage.',
  },
  render: {
    args: '<project>',
    summary: "print a project's user-data for a branch",
    about: "Prints the user-data the project renders for GitHub user U's branch B.",
    options: {
      user: { type: 'string', arg: 'U', required: true, help: 'the GitHub user whose fork to use' },
      branch: { type: 'string', arg: 'B', required: true, help: 'the branch to render for' },
      dir,
    },
    exitCodes: '0, or 2 with the reason on stderr if the project, the user or the branch is refused.',
  },
  serve: {
    summary: 'run the app in your browser (127.0.0.1 only)',
    about: [
      'Starts Flotilla in browser mode on 127.0.0.1 and prints a URL such as http://127.0.0.1:PORT/#token=...',
      'Open that exact URL: the token after # is made for this run, stays in that browser tab (a reload',
      'keeps working) and is never sent as a cookie. Calls without it get 403. Ctrl-C stops the server.',
    ].join('\n'),
    options: { port: { type: 'string', arg: 'N', help: 'the port to listen on (default: a free one)' }, dir },
    exitCodes: '0 after Ctrl-C, 1 if the renderer is not built, 2 bad usage.',
  },
  launch: {
    args: '<project>',
    summary: 'check, then launch instances of a branch on EC2',
    about: [
      'Checks everything first (template, credentials, branch, image, type, key pair, security group,',
      'revision, instance profile, runtime configuration, budget, a dry run), then launches N instances',
      "of the project for GitHub user U's branch B. They terminate themselves at the end of the TTL.",
      "A template with fleeting-meta:package deploys a revision from Settings' revisions bucket (current",
      'unless --revision says); --option sets its declared options; the env file projects/<id>.env is',
      'merged under --env.',
    ].join('\n'),
    options: {
      user: { type: 'string', arg: 'U', required: true, help: 'the GitHub user whose fork to use' },
      branch: { type: 'string', arg: 'B', required: true, help: 'the branch to launch' },
      dir,
      count: { type: 'string', arg: 'N', help: 'how many instances, 1 to 20 (default 1)' },
      ttl: { type: 'string', arg: '4h', help: 'lifetime, like 90m, 4h or 2d (default: the project, else Settings)' },
      region: { type: 'string', arg: 'R', help: 'the AWS region (default: the project, else Settings)' },
      image: { type: 'string', arg: 'ami-…|role:NAME', help: "the image, replacing the project's: an AMI id, or role:NAME (the newest image tagged role=NAME)" },
      type: { type: 'string', arg: 'T', help: "the instance type, replacing the project's" },
      'key-pair': { type: 'string', arg: 'K', help: "the EC2 key pair (default: Settings' for the region)" },
      'security-group': { type: 'string', arg: 'sg-…', help: 'an existing security group (default: one made for the launch)' },
      'root-volume-size': { type: 'string', arg: 'GiB', help: "the root volume's size, at least the image's (default: the project's, else the image's)" },
      market: { type: 'string', arg: 'MODE', help: "on-demand, spot (one-time Spot), or spot-or-on-demand (Spot, falling back to on-demand per instance); default: the project's" },
      revision: { type: 'string', arg: 'REV', help: "the package revision: current (default), previous or <package>.<rev>, for a template with fleeting-meta:package" },
      option: { type: 'string', arg: 'NAME=VALUE', multiple: true, help: "a template option, like workers=4 (repeatable; over Settings' launch defaults and the template's)" },
      env: { type: 'string', arg: 'KEY=VALUE', multiple: true, help: 'an environment variable, over the env file (repeatable; ssm:/name or secretsmanager:name is read at boot)' },
      wait: { type: 'boolean', help: 'wait until each answers its ready-url (or fails), and print why not' },
      json: { type: 'boolean', help: 'print the launch (and with --wait, the readiness) as JSON' },
    },
    exitCodes: '0 all launched (and ready with --wait), 1 a check failed or some did not start, 2 bad usage.',
  },
  ls: {
    summary: "the team's live instances (from EC2 tags)",
    about: "Lists the team's live Flotilla instances (from EC2 tags) in the selected regions, with cost.",
    options: {
      json,
      mine: { type: 'boolean', help: 'only the instances you launched' },
      project: { type: 'string', arg: 'P', help: 'only the instances of project P' },
      region: { type: 'string', arg: 'R', multiple: true, help: 'list region R (repeatable; default: the regions in Settings)' },
    },
    exitCodes: '0, or 1 when a region could not be listed (the others still are), 2 bad usage.',
  },
  extend: {
    args: '<instance-id> <duration>',
    summary: "move an instance's expiry (e.g. 4h)",
    about: "Moves the instance's expiry <duration> (like 90m, 4h, 2d) past its current one.",
    options: { region },
    exitCodes: '0, 1 if it failed, 2 bad usage.',
  },
  terminate: {
    args: '<instance-id>...',
    summary: 'terminate instances Flotilla launched',
    about: 'Terminates Flotilla instances (others are refused).',
    options: { region },
    exitCodes: '0, 1 if any was refused, 2 bad usage.',
  },
  sweep: {
    summary: 'terminate every Flotilla instance past its expiry',
    about: 'Terminates every Flotilla instance whose expiry has passed, in the regions in Settings.',
    options: {},
    exitCodes: '0, 1 when a region could not be swept, 2 bad usage.',
  },
  config: {
    args: 'check|show',
    summary: 'check settings files, or show the settings in use',
    about: [
      "`config check` checks Flotilla's settings file (default: the one file the desktop app, browser mode",
      'and the CLI share), an INI user settings file ([EC2] AccessKeyId, SecretAccessKey, AvailabilityZone,',
      "SSHKeyPair, SSHKeyPairFile) and a product's instance.config ([EC2] ImageID, InstanceType, ...), and",
      'prints every problem with the file, the key and the fix. Secrets are never printed.',
      '`config show` prints where the settings file is and the settings Flotilla reads from it.',
      'Both report another settings file that differs from the one in use (it is never merged).',
    ].join('\n'),
    options: {
      settings: { type: 'string', arg: 'FILE', help: "check this Flotilla settings file (config check)" },
      'aws-settings': { type: 'string', arg: 'FILE', help: 'check this INI user settings file (config check)' },
      'instance-config': { type: 'string', arg: 'FILE', help: "check this product's instance.config (config check)" },
      json: { type: 'boolean', help: 'print the settings as JSON only (config show)' },
    },
    exitCodes: '0 no problems, 1 any problem (config check), 2 bad usage.',
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

type OptionsOf<C extends CommandName> = (typeof COMMANDS)[C]['options'];
type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { multiple: true } ? string[] : string;
type RequiredKeys<O> = { [K in keyof O]: O[K] extends { required: true } ? K : never }[keyof O];

/** What parsing a command's arguments answers: required options always there, the others maybe. */
export type ValuesOf<C extends CommandName> = { [K in RequiredKeys<OptionsOf<C>>]: ValueOf<OptionsOf<C>[K]> } & {
  [K in Exclude<keyof OptionsOf<C>, RequiredKeys<OptionsOf<C>>>]?: ValueOf<OptionsOf<C>[K]>;
} & { help?: boolean };

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
