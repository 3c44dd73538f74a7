import { spawn } from 'node:child_process';
import type { ProcessRunner } from './ports';

const MAX_OUTPUT = 64 * 1024;

/** Runs programs with child_process.spawn (no shell); output is capped at 64 KB per stream. */
export const nodeProcessRunner: ProcessRunner = {
  run: (command, args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, [...args], { env: options.env as NodeJS.ProcessEnv | undefined, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-MAX_OUTPUT)));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-MAX_OUTPUT)));
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill();
          }, options.timeoutMs)
        : null;
      child.on('error', (error) => {
        if (timer) clearTimeout(timer);
        reject(error);
      });
      child.on('close', (exitCode) => {
        if (timer) clearTimeout(timer);
        if (timedOut) reject(Object.assign(new Error(`${command} ran longer than ${options.timeoutMs} ms and was stopped`), { code: 'ETIMEDOUT' }));
        else resolve({ exitCode, stdout, stderr });
      });
    }),
};
