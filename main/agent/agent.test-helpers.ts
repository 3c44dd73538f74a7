/** Helpers shared by this folder's tests (imported only by *.test.ts files). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const repo = resolve(import.meta.dirname, '..', '..');

export interface AgentProcess {
  child: ChildProcess;
  /** When the process exits (the 'exit' event): its code, or the signal that ended it. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its stdout and stderr so far, interleaved as they arrived. */
  output(): string;
}

export interface BundledAgent {
  /** The script `node <runner> ...argv` runs: the agent's command line. */
  runner: string;
  /** `node <the agent> ...argv` with `env` added to this process's environment. */
  start(argv: string[], env: Record<string, string>): AgentProcess;
  /** Kills (SIGKILL) every agent started that may still run, then deletes the bundle. */
  close(): Promise<void>;
}

/**
 * The agent as it ships, to run in a child process (so it can be killed with -9): main/agent
 * bundled with esbuild, dependencies left to node_modules (the bundle sits in the repository's
 * .tmp/ so they resolve), and a two-line runner that calls its `main` with the arguments.
 */
export async function bundleAgent(): Promise<BundledAgent> {
  await mkdir(join(repo, '.tmp'), { recursive: true });
  const out = await mkdtemp(join(repo, '.tmp', 'agent-test-'));
  await build({ absWorkingDir: repo, entryPoints: ['main/agent/index.ts'], outfile: join(out, 'agent.mjs'), bundle: true, platform: 'node', target: 'node22', format: 'esm', packages: 'external', logLevel: 'error' });
  const runner = join(out, 'run.mjs');
  await writeFile(runner, `import { main } from './agent.mjs';\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const children: ChildProcess[] = [];
  return {
    runner,
    start(argv, env) {
      const child = spawn(process.execPath, [runner, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (c) => (output += c));
      child.stderr!.on('data', (c) => (output += c));
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
      return { child, exit, output: () => output };
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await rm(out, { recursive: true, force: true });
    },
  };
}
