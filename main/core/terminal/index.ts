/** Opening a terminal window per OS, for the desktop app and browser mode alike. */
import { spawn } from 'node:child_process';
import type { Terminal } from '../ports';
import { createTerminal } from './create-terminal';
import { createWhich } from './which';

export { createTerminal, type SpawnLike, type SpawnedChild, type TerminalDeps } from './create-terminal';
export { LINUX_TERMINALS, type TerminalLaunch, type Which } from './plan';
export { createWhich } from './which';
export { CHOOSE_AGAIN, customProgramFormProblem, customProgramProblem, requireCustomProgram, type ProgramFs } from './custom-program';

/** The terminal of the machine this process runs on. */
export function createSystemTerminal(env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): Terminal {
  return createTerminal({ platform, env, which: createWhich({ env, platform }), spawn: (command, args, options) => spawn(command, args, options) });
}
