/**
 * A small filesystem for tests that must really fill a disk (bytes or inodes): a size-limited
 * tmpfs, mounted for one describe block. Mounting needs Linux and root; elsewhere the block is
 * skipped and the reason printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why no tmpfs can be mounted here, or null (Linux, as root). */
export const tmpfsUnavailable: string | null =
  process.platform !== 'linux' ? `tmpfs needs Linux (this is ${process.platform})` : process.getuid?.() !== 0 ? 'mounting a tmpfs needs root' : null;

/** `describe`, skipped (saying why) where no tmpfs can be mounted. */
export function describeOnTmpfs(title: string, body: () => void): void {
  if (tmpfsUnavailable !== null) console.log(`'${title}' skipped: ${tmpfsUnavailable}`);
  describe.skipIf(tmpfsUnavailable !== null)(title, body);
}

export interface TmpfsOptions {
  /** tmpfs `size=`, e.g. '16m'. */
  size: string;
  /** tmpfs `nr_inodes=`; the kernel's default when absent. */
  inodes?: number;
  /**
   * Where to mount it, made if missing. Read in beforeAll, so it can come from an earlier
   * beforeAll (withTmpfs must then be called after that one: it unmounts before that one's
   * afterAll runs). Default: a fresh temporary folder, removed in afterAll.
   */
  at?: () => string;
  /**
   * true: a failed mount fails the block. false: the tests run, and each starts with
   * `tmpfs.skipIfUnmounted(context)`, so it reports skipped, saying why, rather than passing.
   */
  mustMount: boolean;
}

export interface Tmpfs {
  /** The mount point (set in beforeAll). */
  readonly path: string;
  /** If the mount failed (mustMount: false): skips the running test (vitest's context.skip), saying why. */
  skipIfUnmounted(context: { skip(condition: boolean, note?: string): void }): void;
}

/** Mounts a tmpfs in beforeAll and unmounts it in afterAll, for the describe block it is called in. */
export function withTmpfs(options: TmpfsOptions): Tmpfs {
  let path = '';
  let madeFolder: string | null = null;
  let mountError: string | null = 'not mounted yet';
  beforeAll(async () => {
    if (options.at) {
      path = options.at();
      await mkdir(path, { recursive: true });
    } else {
      path = madeFolder = await mkdtemp(join(tmpdir(), 'tmpfs-'));
    }
    const mountOptions = options.inodes === undefined ? `size=${options.size}` : `size=${options.size},nr_inodes=${options.inodes}`;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', mountOptions, 'tmpfs', path], { stdio: 'pipe' });
      mountError = null;
    } catch (e) {
      mountError = String(e);
      if (options.mustMount) throw e;
    }
  });
  afterAll(async () => {
    if (mountError === null) execFileSync('umount', [path]);
    if (madeFolder !== null) await rm(madeFolder, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
    skipIfUnmounted(context) {
      context.skip(mountError !== null, `tmpfs could not be mounted (${mountError})`);
    },
  };
}
