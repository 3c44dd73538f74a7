import { execFile } from 'node:child_process';
import { FlotillaError } from '../../contract/errors';
import type { CommandRunner, FetchLike, PublicIpLookup } from './deps';

/** Runs programs with execFile: no shell, output capped at 1 MB, killed at the timeout. */
export const nodeCommandRunner: CommandRunner = {
  run(command, args, options) {
    return new Promise((resolve) => {
      execFile(
        command,
        [...args],
        { timeout: options.timeoutMs, maxBuffer: 1024 * 1024, env: { ...process.env, ...options.env }, windowsHide: true },
        (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
          if (e.code === 'ENOENT') return resolve({ code: null, stdout, stderr, error: 'not-found' });
          if (e.killed) return resolve({ code: null, stdout, stderr, error: 'timeout' });
          resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout, stderr });
        },
      );
    });
  },
};

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** Asks `url` (default AWS's checkip) for the caller's public IPv4 address. */
export function checkIpLookup(fetchImpl: FetchLike, url = 'https://checkip.amazonaws.com', timeoutMs = 5_000): PublicIpLookup {
  return async () => {
    let text: string;
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = (await response.text()).trim();
    } catch (error) {
      throw new FlotillaError(
        'unavailable',
        `Could not find your public IP address at ${url} (${error instanceof Error ? error.message : String(error)}). ` +
          'Set an ingress CIDR in Settings → Instances, or pass an existing security group.',
      );
    }
    if (!IPV4.test(text)) {
      throw new FlotillaError('unavailable', `${url} answered '${text.slice(0, 60)}', not an IPv4 address. Set an ingress CIDR in Settings → Instances.`);
    }
    return text;
  };
}
