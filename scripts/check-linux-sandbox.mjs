// `npm start` runs this before `electron .`: on Linux where AppArmor restricts unprivileged user
// namespaces (Ubuntu 23.10 and later: kernel.apparmor_restrict_unprivileged_userns = 1), the
// Electron in node_modules cannot start its sandbox (its chrome-sandbox is not set-uid root, and no
// AppArmor profile grants it `userns`), and Electron stops with "The SUID sandbox helper binary was
// found, but is not configured correctly". This prints why and the fix first, then lets Electron
// start anyway (a profile this script does not see may still allow it). Elsewhere it prints nothing.
// The installed deb is not affected: electron-builder's deb installs an AppArmor profile for
// /opt/Flotilla/flotilla (app-builder-lib 26.17 templates/linux/apparmor-profile.tpl,
// after-install.tpl). Usage: node scripts/check-linux-sandbox.mjs
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESTRICT_USERNS_SYSCTL = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
export const APPARMOR_DIR = '/etc/apparmor.d';
export const PROFILE_NAME = 'electron-dev';

/** The Electron binary `electron .` runs (node_modules/electron/index.js: dist/<path.txt>, or ELECTRON_OVERRIDE_DIST_PATH). */
export function electronBinary(electronDir, env = process.env) {
  return env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, 'electron') : path.join(electronDir, 'dist', 'electron');
}

/** The path AppArmor sees (symlinks resolved), also before Electron's binary has been fetched. */
export function realBinaryPath(binary, realpath = realpathSync) {
  try {
    return realpath(binary);
  } catch {
    try {
      return path.join(realpath(path.dirname(binary)), path.basename(binary));
    } catch {
      return binary;
    }
  }
}

const defaultFs = {
  readFile: (file) => readFileSync(file, 'utf8'),
  stat: (file) => statSync(file),
  listDir: (dir) => readdirSync(dir),
};

/**
 * Why Electron's sandbox cannot start for `binary`, or null when it can (not Linux, no
 * restriction, a set-uid root chrome-sandbox, or a profile in /etc/apparmor.d naming the binary).
 */
export function sandboxProblem({ platform = process.platform, binary, fs = defaultFs }) {
  if (platform !== 'linux') return null;
  let restricted;
  try {
    restricted = fs.readFile(RESTRICT_USERNS_SYSCTL).trim() === '1';
  } catch {
    return null; // no such sysctl: this kernel has no AppArmor user-namespace restriction
  }
  if (!restricted) return null;
  const helper = path.join(path.dirname(binary), 'chrome-sandbox');
  try {
    const { uid, mode } = fs.stat(helper);
    if (uid === 0 && (mode & 0o4000) !== 0) return null; // the set-uid sandbox works without user namespaces
  } catch {
    // not fetched yet: it will not be set-uid either
  }
  let profiles = [];
  try {
    profiles = fs.listDir(APPARMOR_DIR);
  } catch {
    // unreadable: assume no profile
  }
  for (const name of profiles) {
    try {
      if (fs.readFile(path.join(APPARMOR_DIR, name)).includes(binary)) return null;
    } catch {
      // a folder or an unreadable file
    }
  }
  return { binary, helper };
}

/** An AppArmor profile granting `binary` user namespaces, in the form electron-builder's deb installs (apparmor-profile.tpl). */
export function profileText(binary, name = PROFILE_NAME) {
  return `abi <abi/4.0>,
include <tunables/global>

profile "${name}" "${binary}" flags=(unconfined) {
  userns,

  # Site-specific additions and overrides. See local/README for details.
  include if exists <local/${name}>
}
`;
}

/** What `npm start` prints when sandboxProblem found one. */
export function fixMessage({ binary, helper }) {
  const file = `${APPARMOR_DIR}/${PROFILE_NAME}`;
  return `Electron's sandbox cannot start on this machine: Linux here restricts unprivileged user
namespaces (kernel.apparmor_restrict_unprivileged_userns = 1, Ubuntu 23.10 and later), and
${helper} is not set-uid root. Electron will stop with
"The SUID sandbox helper binary was found, but is not configured correctly".
Fix it once, either way:
  1. Allow user namespaces for this development Electron only, with an AppArmor profile (the
     installed deb does the same for Flotilla). Redo it if the project folder moves:

sudo tee ${file} > /dev/null <<'EOF'
${profileText(binary).trimEnd()}
EOF
sudo apparmor_parser -r ${file}

  2. Or lift the restriction for every program until the next reboot (weaker: it guards the
     kernel against attacks through user namespaces):

sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0

Do not use --no-sandbox day to day: it turns off the sandbox of every page. Starting Electron anyway.
`;
}

function main() {
  const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const problem = sandboxProblem({ binary: realBinaryPath(electronBinary(electronDir)) });
  if (problem) console.error(fixMessage(problem));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
