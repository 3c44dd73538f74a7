import { statfs } from 'node:fs/promises';
import { formatBytes } from '../../contract/format-bytes';

/** What one revision may take on a server (issue 11 item 7). */
export interface RevisionLimits {
  /** Bytes of a revision once unpacked (a plain file: its size). FTL_MAX_REVISION_BYTES. */
  maxRevisionBytes: number;
  /** Entries of a tarball (files, folders, links). FTL_MAX_REVISION_FILES. */
  maxRevisionFiles: number;
  /** Free space a download leaves on FTL_ROOT's filesystem; 0 turns the check off. FTL_MIN_FREE_BYTES. */
  minFreeBytes: number;
}

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;

/**
 * 2 GiB unpacked and 50 000 entries are well above a web or service release (a Node.js app with
 * its node_modules is typically 100 MiB to 1 GiB and 10 000 to 40 000 files) and well below what
 * hurts a small server. 256 MiB stays free, on top of the root reserve of ext4 and XFS (free space
 * is read as the space available to other users, so a root agent never eats that reserve): room
 * for the services' logs and temporary files while a release lands (3 % of an 8 GiB volume).
 */
export const DEFAULT_LIMITS: RevisionLimits = { maxRevisionBytes: 2 * GiB, maxRevisionFiles: 50_000, minFreeBytes: 256 * MiB };

export const LIMIT_VARIABLES = {
  maxRevisionBytes: 'FTL_MAX_REVISION_BYTES',
  maxRevisionFiles: 'FTL_MAX_REVISION_FILES',
  minFreeBytes: 'FTL_MIN_FREE_BYTES',
} as const satisfies Record<keyof RevisionLimits, string>;

const UNITS: Record<string, number> = { '': 1, K: KiB, KIB: KiB, M: MiB, MIB: MiB, G: GiB, GIB: GiB, T: GiB * 1024, TIB: GiB * 1024 };

/** The accepted form of a byte size, for messages. */
export const BYTE_SIZE_FORM = 'a whole number of bytes, or of K, M, G or T (binary: 1K = 1024), e.g. 2147483648 or 2G';

/** `2147483648`, `2G`, `512M`, `512MiB` → bytes; null for anything else (empty, negative, fractions, other units). */
export function parseByteSize(value: string): number | null {
  const match = /^(\d+)\s*([KMGT](?:iB)?)?$/i.exec(value.trim());
  if (!match) return null;
  const n = Number(match[1]) * UNITS[(match[2] ?? '').toUpperCase()]!;
  return Number.isSafeInteger(n) ? n : null;
}

export interface Refusal {
  /** Why, in words that finish "Refused <revision>: ". */
  reason: string;
  /** What to do instead of the default "fix the archive and spool it again". */
  advice?: string;
}

const raise = (key: keyof RevisionLimits, example: string) =>
  `If the release really is that big, raise the limit: ${LIMIT_VARIABLES[key]}=${example} in the agent's environment (/etc/environment), then sync again.`;

/** The free space of the filesystem holding `dir`, as other users than root can use it. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

export function diskFull(dir: string, error: unknown, during: string): Refusal {
  const code = (error as NodeJS.ErrnoException)?.code ?? 'ENOSPC';
  const what = code === 'EDQUOT' ? 'the disk quota on the filesystem' : 'the filesystem';
  return {
    reason: `${what} holding ${dir} is full (${((error as Error)?.message ?? code).replace(new RegExp(`^${code}: `), '')}, ${code}, ${during})`,
    advice: `Free space there (df -h ${dir}; df -i if it is out of inodes), or remove old revisions, then sync again.`,
  };
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Stop per 1 MiB of data between two statfs calls: in between, what passed is subtracted from the
 * last answer. While more than ROOMY is left above the reserve, per 16 MiB: only others' writes
 * go unseen in between, and they would have to take that much first (a statfs is a trip to the
 * thread pool, 1024 of them per GiB otherwise).
 */
const STATFS_EVERY = MiB;
const STATFS_EVERY_ROOMY = 16 * MiB;
const ROOMY = 256 * MiB;
/** Or per this many inodes that entries may have taken. */
const STATFS_EVERY_INODES = 1000;

/**
 * The inodes kept free along with FTL_MIN_FREE_BYTES: one per 4 KiB of it (65 536 for 256 MiB, an
 * eighth of an 8 GiB ext4's). Empty files and folders cost inodes, not bytes, and a filesystem out
 * of inodes can no more create a file than a full one.
 */
export function reservedInodes(minFreeBytes: number): number {
  return Math.ceil(minFreeBytes / 4096);
}

/**
 * Counts one revision as it lands in `dir`: entries and the sizes their headers declare (checked
 * before the entry is written), the bytes of the unpacked stream itself (an upper bound of what is
 * written, whatever the headers say), and the free space left on the filesystem. Each check
 * answers a Refusal as soon as a limit would be passed, or null.
 */
export class RevisionBudget {
  private entries = 0;
  private declared = 0;
  private streamed = 0;
  private lastFree = Infinity;
  private sinceStatfs = Infinity;
  /** Free inodes at the last statfs (Infinity where the filesystem has no fixed count), and those entries may have taken since. */
  private lastFreeInodes = Infinity;
  private inodesSinceStatfs = 0;

  /** `dir`: where the revision is written (statfs); `shown`: the folder named in messages. */
  constructor(
    readonly limits: RevisionLimits,
    private readonly dir: string,
    private readonly shown = dir,
  ) {}

  /** An archive entry, before it is written. */
  entry(path: string, size: number): Refusal | null {
    this.entries++;
    if (this.entries > this.limits.maxRevisionFiles) {
      return {
        reason: `it has more than ${this.limits.maxRevisionFiles} files (entry '${path}' is one too many), the limit per revision (${LIMIT_VARIABLES.maxRevisionFiles})`,
        advice: raise('maxRevisionFiles', String(this.limits.maxRevisionFiles * 2)),
      };
    }
    this.declared += Math.max(0, size || 0);
    if (this.declared > this.limits.maxRevisionBytes) return this.tooBig(`entry '${path}' (${formatBytes(size)}) would bring it to ${formatBytes(this.declared)} unpacked`);
    // At most one inode for the entry and one per folder above it (counted whether or not they exist yet).
    this.inodesSinceStatfs += path.split('/').filter((p) => p !== '' && p !== '.').length || 1;
    return this.inodes();
  }

  /** Whether the inodes entries may have taken since the last statfs keep the reserve free. */
  private inodes(): Refusal | null {
    if (this.limits.minFreeBytes <= 0) return null;
    const reserve = reservedInodes(this.limits.minFreeBytes);
    if (this.lastFreeInodes - this.inodesSinceStatfs >= reserve) return null;
    return {
      reason:
        `writing it would leave fewer than ${reserve} free inodes (files and folders) on the filesystem holding ${this.shown} ` +
        `(${Math.max(0, this.lastFreeInodes)} free before this step), the reserve kept along with ${LIMIT_VARIABLES.minFreeBytes} (one inode per 4 KiB of it)`,
      advice: `Free inodes there (df -i ${this.shown}; remove old revisions or other small files) and sync again; or lower ${LIMIT_VARIABLES.minFreeBytes}=<bytes> (0 turns both reserves off) in the agent's environment.`,
    };
  }

  /**
   * Unpacked bytes about to be written (the tar stream, or a plain file's bytes). A tar stream
   * also holds per entry a 512-byte header, up to 511 bytes of padding and perhaps a long-name or
   * pax header: `overhead` allows 4 KiB per entry seen and 2 MiB more for them.
   */
  async bytes(n: number, overhead = false): Promise<Refusal | null> {
    this.streamed += n;
    const allowed = this.limits.maxRevisionBytes + (overhead ? 4096 * (this.entries + 1) + 2 * MiB : 0);
    if (this.streamed > allowed) return this.tooBig(`${formatBytes(this.streamed)} of it had been unpacked`);
    return this.space(n);
  }

  /** Whether `n` more bytes keep the reserve free (statfs once per MiB, or per 16 MiB with room to spare). */
  async space(n: number): Promise<Refusal | null> {
    if (this.limits.minFreeBytes <= 0) return null;
    this.sinceStatfs += n;
    const every = this.lastFree - this.sinceStatfs - this.limits.minFreeBytes > ROOMY ? STATFS_EVERY_ROOMY : STATFS_EVERY;
    if (this.sinceStatfs >= every || this.inodesSinceStatfs >= STATFS_EVERY_INODES) {
      const s = await statfs(this.dir);
      this.lastFree = s.bavail * s.bsize;
      // btrfs and others answer 0 inodes: they have no fixed number of them.
      this.lastFreeInodes = s.files > 0 ? s.ffree : Infinity;
      this.sinceStatfs = n;
      this.inodesSinceStatfs = 0;
    }
    const left = this.lastFree - this.sinceStatfs;
    if (left >= this.limits.minFreeBytes) return this.inodes();
    return {
      reason:
        `writing it would leave less than ${formatBytes(this.limits.minFreeBytes)} free on the filesystem holding ${this.shown} ` +
        `(${formatBytes(Math.max(0, this.lastFree))} free before this step), the reserve kept for the server's other work (${LIMIT_VARIABLES.minFreeBytes})`,
      advice: `Free space there (df -h ${this.shown}) and sync again; or lower the reserve with ${LIMIT_VARIABLES.minFreeBytes}=<bytes> (0 turns it off) in the agent's environment.`,
    };
  }

  tooBig(what: string): Refusal {
    return {
      reason: `${what}, more than the limit of ${formatBytes(this.limits.maxRevisionBytes)} per revision (${LIMIT_VARIABLES.maxRevisionBytes})`,
      advice: raise('maxRevisionBytes', exampleAbove(this.limits.maxRevisionBytes)),
    };
  }
}

function exampleAbove(bytes: number): string {
  const gib = Math.ceil((bytes * 2) / GiB);
  return gib >= 1 && bytes * 2 > 512 * MiB ? `${gib}G` : `${Math.ceil((bytes * 2) / MiB)}M`;
}
