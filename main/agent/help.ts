import { REVISION_DEFAULTS } from '../core/revisions';
import { DEFAULT_REGION } from '../core/shared/defaults';

export const ENVIRONMENT = `Environment:
  FTL_BUCKET       the S3 bucket holding the revisions (every command but local list/jump)
  FTL_ROOT         this server's folder, one folder per package (sync, jump, jump-back, list)
  AWS_REGION       or AWS_DEFAULT_REGION (default ${DEFAULT_REGION})
  AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL   an S3-compatible endpoint (path-style addressing)
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE   credentials
                   (without them: the SDK's default chain, e.g. the instance role)
  FTL_STATUS_ID    how this server names itself in flotilla-status/<package>/ (default: instance id or host name)
  FTL_MAX_REVISION_BYTES  most bytes one revision may take unpacked (sync; default 2G; e.g. 4G, 512M)
  FTL_MAX_REVISION_FILES  most files (archive entries) in one revision (sync; default 50000)
  FTL_MIN_FREE_BYTES      free space sync leaves on FTL_ROOT's filesystem (default 256M; 0: no reserve)
  FTL_DEBUG=1      log every step on stderr`;

export const help: Record<string, string> = {
  '': `flotilla-agent: FTL-compatible releases in S3, for the servers that run them

Usage: flotilla-agent <command> [options]

Commands:
  spool <file|folder>             upload a new revision (a folder is packed as <folder>.tar.gz)
  list [--master] [<package>]     packages, or a package's revisions, here or (--master) in the bucket
  sync                            fetch new revisions, jump to the bucket's current, clean up
  jump [--master] <package.rev>   make a revision current here, or (--master) in the bucket
  jump-back [--master] <package>  go back to the previous revision
  purge --master <package.rev>    delete a revision from the bucket (not current or previous)

Run flotilla-agent <command> --help for a command's options.

${ENVIRONMENT}

Exit codes: 0 ok; a hook's exit code when a hook failed; 1 for anything else.`,
  spool: `Usage: flotilla-agent spool <file|folder> [--quiet]

Uploads the file as revision <package>.<rev> of the package named by the file's name up to its
first dot (my_site.tar.gz is package my_site), and prints that revision name. A folder is packed
as <folder>.tar.gz first. Progress (bytes, rate, ETA) goes to stderr unless --quiet.
Needs FTL_BUCKET.`,
  list: `Usage: flotilla-agent list [--master] [<package>] [--json]

Without a package: the packages (with their current and previous revisions).
With one: its revisions, oldest first, marking (current) and (previous).
Without --master this lists FTL_ROOT on this server; with --master, the bucket (FTL_BUCKET).
  --json   print the lists as JSON`,
  sync: `Usage: flotilla-agent sync [--keep K] [--concurrency N] [--hook-timeout SECONDS] [--lock-wait SECONDS] [--json]

For each package folder under FTL_ROOT: downloads the bucket's revisions from previous (or current,
if older) on, but not older ones it would not keep, verified and extracted, each in full or not at
all (post-spool runs after each); jumps to the bucket's current revision; sets previous; removes
revisions gone from the bucket; keeps at most K revisions older than current besides previous.
Hook output is printed as it comes (stdout; stderr with --json) and kept in <package>/hooks.log.
  --keep K               older revisions kept (default ${REVISION_DEFAULTS.keep})
  --concurrency N        revisions downloaded at once (default ${REVISION_DEFAULTS.concurrency})
  --hook-timeout S       a hook running longer is killed and fails (default ${REVISION_DEFAULTS.hookTimeoutMs / 1000})
  --lock-wait S          how long to wait for another sync or jump of a package (default ${REVISION_DEFAULTS.lockWaitMs / 1000})
  --json                 print the report as JSON
Needs FTL_BUCKET and FTL_ROOT.`,
  jump: `Usage: flotilla-agent jump [--master] <package>.<rev> [--hook-timeout S] [--lock-wait S]

Here: runs pre-jump of the new revision and un-jump of the old one (either may stop the jump),
switches FTL_ROOT/<package>/current atomically, sets previous, runs post-jump, and reports the
new revision in the bucket (flotilla-status/<package>/<id>). Hook output is printed (stdout) and
appended to FTL_ROOT/<package>/hooks.log.
With --master: makes it current in the bucket (previous becomes the old current); servers follow
at their next sync. A revision that is not in the bucket is refused.`,
  'jump-back': `Usage: flotilla-agent jump-back [--master] <package> [--hook-timeout S] [--lock-wait S]

Swaps current and previous, here (with the same hooks as jump) or, with --master, in the bucket.`,
  purge: `Usage: flotilla-agent purge --master <package>.<rev>

Deletes the revision's object from the bucket. The current and the previous revision are refused.`,
};
