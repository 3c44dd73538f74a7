import { readdir } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { BaseAgent, IdentityCallback, ParsedKey, SignCallback, SigningRequestOptions } from 'ssh2';

/** Where an ssh-agent answers: a socket path, a Windows named pipe, or 'pageant'; and how messages name it. */
export interface AgentLocation {
  path: string;
  label: string;
}

/** Windows' own OpenSSH agent (the ssh-agent service) listens on this pipe. */
export const WINDOWS_OPENSSH_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

export interface FindAgentOptions {
  /** The environment the core was given (SSH_AUTH_SOCK). */
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** Whether a named pipe exists (Windows); default: lists `\\.\pipe\`. */
  pipeExists?(name: string): Promise<boolean>;
}

async function listPipes(name: string): Promise<boolean> {
  try {
    // Listing the pipes does not connect to one (stat would open, and so take, a pipe instance).
    return (await readdir('\\\\.\\pipe\\')).some((entry) => entry.toLowerCase() === name.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The ssh-agent the user's own `ssh` would use: SSH_AUTH_SOCK when set; on Windows without it,
 * the OpenSSH agent's pipe when that service runs, else Pageant. Null when there is none.
 */
export async function findSshAgent(o: FindAgentOptions): Promise<AgentLocation | null> {
  const sock = o.env.SSH_AUTH_SOCK?.trim();
  if (sock) return { path: sock, label: `the ssh-agent at ${sock} (SSH_AUTH_SOCK)` };
  if (o.platform !== 'win32') return null;
  if (await (o.pipeExists ?? listPipes)(WINDOWS_OPENSSH_AGENT_PIPE.slice('\\\\.\\pipe\\'.length))) {
    return { path: WINDOWS_OPENSSH_AGENT_PIPE, label: `the OpenSSH Authentication Agent (${WINDOWS_OPENSSH_AGENT_PIPE})` };
  }
  return { path: 'pageant', label: 'Pageant' };
}

/** What the agent did during one connection, for messages: how many keys it offered, or why it failed. */
export interface AgentObservation {
  /** Keys the agent listed (null: not asked yet, or it failed). */
  keys: number | null;
  error: Error | null;
}

/**
 * ssh2's agent for the location, watched: ssh2 asks it for its keys and signatures as usual, and
 * the observation says afterwards whether it answered and with how many keys.
 */
export function observedAgent(location: AgentLocation): { agent: BaseAgent; observation: AgentObservation } {
  const inner = ssh2.createAgent(location.path);
  const observation: AgentObservation = { keys: null, error: null };
  class ObservedAgent extends ssh2.BaseAgent {
    getIdentities(cb: IdentityCallback): void {
      inner.getIdentities((err, keys) => {
        if (err) observation.error = err;
        else observation.keys = keys?.length ?? 0;
        cb(err, keys);
      });
    }
    sign(pubKey: string | Buffer | ParsedKey, data: Buffer, optionsOrCb: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
      const options = typeof optionsOrCb === 'function' ? {} : optionsOrCb;
      const done = typeof optionsOrCb === 'function' ? optionsOrCb : cb;
      inner.sign(pubKey, data, options, (err, signature) => {
        if (err) observation.error = err;
        done?.(err, signature);
      });
    }
  }
  return { agent: new ObservedAgent(), observation };
}
