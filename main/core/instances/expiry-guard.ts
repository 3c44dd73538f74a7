import { FlotillaError } from '../../contract/errors';
import { formatByteCount } from '../../contract/format-bytes';
import { measureUserData, USER_DATA_LIMIT_BYTES } from '../projects/user-data';
import { PINNED, TAG } from './tags';

/**
 * The on-instance expiry guard: a POSIX sh program run every minute (systemd timer, or a plain
 * loop without systemd). It reads the instance's own flotilla:expires-at tag through IMDSv2
 * instance-metadata tags and runs `shutdown -h now` once it has passed; with
 * InstanceInitiatedShutdownBehavior=terminate that terminates the instance, even while nobody runs
 * Flotilla. `never` means pinned. When IMDS cannot be read it uses the last value it read, else the
 * expiry the instance was launched with. Extend and Pin only change the tag; the guard follows.
 *
 * With `spot` (a launch in a Spot market), `flotilla-expiry-guard spot` (started once at boot)
 * watches a Spot instance for EC2's interruption notice: every FLOTILLA_SPOT_POLL (5) seconds it reads IMDS spot/instance-action (404 until EC2 plans
 * an interruption, then `{"action": "terminate", "time": "2025-06-01T12:02:00Z"}`) and tags the instance
 * `flotilla:interruption` with that time, using the AWS CLI and the instance profile's role (which needs
 * ec2:CreateTags on the instance); it exits at once on an instance that is not Spot. Every IMDS answer
 * is hostile: the id, region and time are used only when they match their exact form, and never run.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
 */
export function expiryGuardProgram(options: { spot?: boolean } = {}): string {
  return `#!/bin/sh
# Flotilla expiry guard: shuts this instance down once its ${TAG.expiresAt} tag has passed
# (\`never\`: pinned). Without IMDS: the last value read, else the launch-time expiry.
state=\${FLOTILLA_STATE_DIR:-/var/lib/flotilla}
imds=http://169.254.169.254/latest
iso() {
  case "$1" in
    [0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z) date -d "$1" +%s >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}
valid() { [ "$1" = ${PINNED} ] || iso "$1"; }
${options.spot ? spotWatch() : ''}value=
token=$(curl -sf -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$imds/api/token" 2>/dev/null)
[ -n "$token" ] && value=$(curl -sf -m 2 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/tags/instance/${TAG.expiresAt}" 2>/dev/null)
if [ -n "$value" ] && valid "$value"; then
  printf '%s\\n' "$value" > "$state/expires-at.last"
else
  value=$(cat "$state/expires-at.last" 2>/dev/null)
  valid "$value" || value=$(cat "$state/expires-at.launch")
fi
[ "$value" = ${PINNED} ] && exit 0
if [ "$(date +%s)" -ge "$(date -d "$value" +%s)" ]; then
  logger -t flotilla "${TAG.expiresAt} $value has passed; shutting down" 2>/dev/null
  shutdown -h now
fi
`;
}

/** The guard's `spot` mode (see expiryGuardProgram); only in the guard of a launch that may be Spot, to spare the user-data. */
function spotWatch(): string {
  return `# spot: tag this Spot instance ${TAG.interruption} when EC2 announces its interruption.
tok() { token=$(curl -sf -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/api/token" 2>/dev/null); }
get() { curl -sf -m 2 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1" 2>/dev/null | head -c 512; }
if [ "$1" = spot ]; then
  tok
  [ "$(get instance-life-cycle)" = spot ] || exit 0
  id=$(get instance-id); region=$(get placement/region)
  case "$id" in i-*[!0-9a-f]*|i-) exit 0 ;; i-*) ;; *) exit 0 ;; esac
  case "$region" in *[!a-z0-9-]*|'') exit 0 ;; esac
  while :; do
    tok
    when=$(get spot/instance-action | tr -d '\\n' | sed -n 's/.*"time" *: *"\\([0-9TZ:-]*\\)".*/\\1/p')
    if iso "$when"; then
      aws ec2 create-tags --region "$region" --resources "$id" --tags "Key=${TAG.interruption},Value=$when" >/dev/null 2>&1 && exit 0
    fi
    sleep "\${FLOTILLA_SPOT_POLL:-5}"
  done
fi
`;
}

const SYSTEMD_UNITS = `  cat > /etc/systemd/system/flotilla-expiry.service <<'FLOTILLA_UNIT_EOF'
[Unit]
Description=Flotilla expiry guard
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/flotilla-expiry-guard
FLOTILLA_UNIT_EOF
  cat > /etc/systemd/system/flotilla-expiry.timer <<'FLOTILLA_UNIT_EOF'
[Unit]
Description=Flotilla expiry guard, every minute
[Timer]
OnBootSec=1min
OnUnitActiveSec=1min
AccuracySec=10s
[Install]
WantedBy=timers.target
FLOTILLA_UNIT_EOF
`;

/** A heredoc delimiter that is not a line of `text`. */
function delimiterFor(text: string): string {
  const lines = new Set(text.split(/\r?\n/));
  let delimiter = 'FLOTILLA_USER_SCRIPT_EOF';
  for (let n = 2; lines.has(delimiter); n++) delimiter = `FLOTILLA_USER_SCRIPT_EOF_${n}`;
  return delimiter;
}

/**
 * The user-data actually sent: installs the guard with `launchExpiry` (ISO 8601, or `never`) as its
 * fallback, then runs the project's script byte for byte (written to a file and exec'd, so its own
 * `#!` line still chooses the interpreter).
 */
export function withExpiryGuard(script: string, launchExpiry: string, options: { spot?: boolean } = {}): string {
  if (!script.startsWith('#!')) {
    throw new FlotillaError(
      'invalid-input',
      "The rendered user-data does not start with '#!' (like #!/bin/bash); Flotilla runs project templates as scripts and adds its expiry guard in front. Add a #! line at the top of the template.",
    );
  }
  if (!/^(never|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/.test(launchExpiry)) throw new Error(`not an expiry: ${launchExpiry}`);
  const body = script.endsWith('\n') ? script : `${script}\n`;
  const end = delimiterFor(body);
  return `#!/bin/sh
# Flotilla: installs the expiry guard (shuts this instance down at its ${TAG.expiresAt} tag), then runs the project's script.
mkdir -p /var/lib/flotilla /usr/local/sbin
echo '${launchExpiry}' > /var/lib/flotilla/expires-at.launch
cat > /usr/local/sbin/flotilla-expiry-guard <<'FLOTILLA_GUARD_EOF'
${expiryGuardProgram(options)}FLOTILLA_GUARD_EOF
chmod 755 /usr/local/sbin/flotilla-expiry-guard
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
${SYSTEMD_UNITS}  systemctl daemon-reload && systemctl enable --now flotilla-expiry.timer
fi || true
${options.spot ? 'nohup /usr/local/sbin/flotilla-expiry-guard spot >/dev/null 2>&1 &\n' : ''}systemctl is-active --quiet flotilla-expiry.timer 2>/dev/null ||
  nohup sh -c 'while :; do /usr/local/sbin/flotilla-expiry-guard; sleep 60; done' >/dev/null 2>&1 &
cat > /var/lib/flotilla/user-script <<'${end}'
${body}${end}
chmod 700 /var/lib/flotilla/user-script
exec /var/lib/flotilla/user-script
`;
}

/** Null when the guarded user-data fits EC2's limit; else what is wrong and how to fix it. */
export function userDataSizeProblem(userData: string): string | null {
  const { base64Bytes } = measureUserData(userData);
  if (base64Bytes <= USER_DATA_LIMIT_BYTES) return null;
  return (
    `The user-data with Flotilla's expiry guard (and the launch's environment, written in clear except ssm:/secretsmanager: references) is ${formatByteCount(base64Bytes)} once base64-encoded; ` +
    `EC2 allows at most ${formatByteCount(USER_DATA_LIMIT_BYTES)}. Shorten the template (move large content into a file the script downloads), or keep large values in SSM or Secrets Manager.`
  );
}
