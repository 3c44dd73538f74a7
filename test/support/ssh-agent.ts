import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';

/** The agent below listens on a Unix socket, which Windows' OpenSSH agent does not. */
export const canRunSshAgent = process.platform !== 'win32';

/** Whether OpenSSH's ssh-agent and ssh-add are on the PATH (Debian: openssh-client). */
const hasSshAgent = () => spawnSync('sh', ['-c', 'command -v ssh-agent && command -v ssh-add'], { stdio: 'ignore' }).status === 0;

/** A key pair in OpenSSH format, its private key protected by `passphrase`, and its public blob. */
export function makeEncryptedKeyPair(passphrase: string): { privateKey: string; publicBlob: Buffer } {
  // ssh2 1.17's keygen strips leading zero bytes from an ed25519 public key (mscdex/ssh2#1390, #1513),
  // so about 1 key in 256 has a 31-byte public part that ssh-add refuses ("error in libcrypto"). The
  // blob is string "ssh-ed25519" (4 + 11 bytes) then string key (4 + 32): keep only whole keys.
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 16 });
    const publicBlob = Buffer.from(pair.public.split(' ')[1]!, 'base64');
    if (publicBlob.length === 4 + 11 + 4 + 32) return { privateKey: pair.private, publicBlob };
  }
}

export interface TestSshAgent {
  /** The agent's socket: what SSH_AUTH_SOCK holds. */
  socket: string;
  /** `ssh-add file`, answering the passphrase prompt (through SSH_ASKPASS) when one is given. */
  add(keyFile: string, passphrase?: string): Promise<void>;
  close(): Promise<void>;
}

/** A private OpenSSH ssh-agent (`ssh-agent -D -a <dir>/agent.sock`), stopped by close(). */
export async function startSshAgent(dir: string): Promise<TestSshAgent> {
  // Not a skip: where they can run, these tests must, so a missing package fails with its name.
  if (!hasSshAgent()) throw new Error('ssh-agent or ssh-add is not on the PATH: install OpenSSH\'s client (Debian: apt-get install openssh-client)');
  const socket = path.join(dir, 'agent.sock');
  const child: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  for (let waited = 0; !existsSync(socket); waited += 20) {
    if (child.exitCode !== null || waited > 5_000) throw new Error(`ssh-agent did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const askpass = path.join(dir, 'askpass.sh');
  writeFileSync(askpass, '#!/bin/sh\nprintf "%s\\n" "$TEST_PASSPHRASE"\n');
  chmodSync(askpass, 0o700);
  return {
    socket,
    async add(keyFile, passphrase = '') {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', SSH_AUTH_SOCK: socket, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'none', TEST_PASSPHRASE: passphrase };
      const add = spawn('ssh-add', [keyFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let out = '';
      add.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const [code] = (await once(add, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`ssh-add ${keyFile} failed (${code}): ${out}`);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
