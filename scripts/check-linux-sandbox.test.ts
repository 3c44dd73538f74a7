/**
 * `npm start`'s check for Ubuntu 23.10+/24.04's AppArmor restriction (issue 12 defect 8), against
 * a fake /proc and /etc/apparmor.d: it must speak up exactly where Electron's sandbox would fail.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  APPARMOR_DIR,
  electronBinary,
  fixMessage,
  PROFILE_NAME,
  profileText,
  realBinaryPath,
  RESTRICT_USERNS_SYSCTL,
  sandboxProblem,
  type SandboxFs,
} from './check-linux-sandbox.mjs';

const BINARY = '/home/me/flotilla/node_modules/electron/dist/electron';
const HELPER = '/home/me/flotilla/node_modules/electron/dist/chrome-sandbox';

/** A file system of these files (text), with chrome-sandbox's owner and mode. */
function fakeFs(files: Record<string, string>, helper: { uid: number; mode: number } | null = { uid: 1000, mode: 0o100755 }): SandboxFs {
  return {
    readFile(file) {
      if (!(file in files)) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return files[file]!;
    },
    stat(file) {
      if (file !== HELPER || !helper) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return helper;
    },
    listDir(dir) {
      if (dir !== APPARMOR_DIR) throw new Error(`ENOENT: ${dir}`);
      return Object.keys(files)
        .filter((file) => path.posix.dirname(file) === APPARMOR_DIR)
        .map((file) => path.posix.basename(file));
    },
  };
}

const UBUNTU_24_04 = { [RESTRICT_USERNS_SYSCTL]: '1\n', [`${APPARMOR_DIR}/flotilla`]: profileText('/opt/Flotilla/flotilla', 'flotilla') };

describe('npm start on Linux: the AppArmor user-namespace restriction', () => {
  test('Ubuntu 24.04 (restricted), chrome-sandbox not set-uid, no profile for this Electron: a problem', () => {
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(UBUNTU_24_04) })).toEqual({ binary: BINARY, helper: HELPER });
    // Also before the binary is fetched (no chrome-sandbox yet).
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(UBUNTU_24_04, null) })).toEqual({ binary: BINARY, helper: HELPER });
  });

  test('no problem: not restricted, no such sysctl, not Linux', () => {
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs({ ...UBUNTU_24_04, [RESTRICT_USERNS_SYSCTL]: '0\n' }) })).toBeNull();
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs({}) })).toBeNull();
    expect(sandboxProblem({ platform: 'darwin', binary: BINARY, fs: fakeFs(UBUNTU_24_04) })).toBeNull();
  });

  test('no problem once fixed: a profile naming this Electron, or a set-uid root chrome-sandbox', () => {
    const withProfile = { ...UBUNTU_24_04, [`${APPARMOR_DIR}/${PROFILE_NAME}`]: profileText(BINARY) };
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(withProfile) })).toBeNull();
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(UBUNTU_24_04, { uid: 0, mode: 0o104755 }) })).toBeNull();
    // set-uid but not root's, or root's without set-uid, does not count
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(UBUNTU_24_04, { uid: 1000, mode: 0o104755 }) })).not.toBeNull();
    expect(sandboxProblem({ platform: 'linux', binary: BINARY, fs: fakeFs(UBUNTU_24_04, { uid: 0, mode: 0o100755 }) })).not.toBeNull();
  });

  // The profile is electron-builder's own (app-builder-lib 26.17 templates/linux/apparmor-profile.tpl,
  // which its deb's after-install.tpl copies to /etc/apparmor.d/<executable> and loads), for the
  // development binary instead of /opt/<product>/<executable>.
  test('the profile printed is the one electron-builder installs with its deb, for the development binary', () => {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
    const template = readFileSync(path.join(path.dirname(fromBuilder.resolve('app-builder-lib/package.json')), 'templates/linux/apparmor-profile.tpl'), 'utf8');
    const rendered = template.replace('"/opt/${sanitizedProductName}/${executable}"', `"${BINARY}"`).replaceAll('${executable}', PROFILE_NAME);
    expect(profileText(BINARY).trim()).toBe(rendered.trim());
  });

  test('the message: why, the profile with the commands to install it, the sysctl, and no --no-sandbox advice', () => {
    const message = fixMessage({ binary: BINARY, helper: HELPER });
    expect(message).toContain('kernel.apparmor_restrict_unprivileged_userns = 1');
    expect(message).toContain(`${HELPER} is not set-uid root`);
    expect(message).toContain('The SUID sandbox helper binary was found, but is not configured correctly');
    expect(message).toContain(`sudo tee /etc/apparmor.d/electron-dev > /dev/null <<'EOF'\n${profileText(BINARY).trimEnd()}\nEOF\nsudo apparmor_parser -r /etc/apparmor.d/electron-dev`);
    expect(message).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect(message).toMatch(/Do not use --no-sandbox day to day/);
  });

  test('the binary: node_modules/electron/dist/electron (or ELECTRON_OVERRIDE_DIST_PATH), symlinks resolved', () => {
    expect(electronBinary('/p/node_modules/electron', {})).toBe('/p/node_modules/electron/dist/electron');
    expect(electronBinary('/p/node_modules/electron', { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' })).toBe('/opt/e/electron');
    const realpath = (file: string) => {
      if (file === '/work/wt/node_modules/electron/dist') return '/work/main/node_modules/electron/dist';
      throw new Error('ENOENT');
    };
    expect(realBinaryPath('/work/wt/node_modules/electron/dist/electron', realpath)).toBe('/work/main/node_modules/electron/dist/electron');
  });

  test('npm start runs the check between the build and Electron', () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/build.mjs && node scripts/check-linux-sandbox.mjs && electron .');
  });

  test('run as a script on this machine, it exits 0 (it never blocks the start)', () => {
    expect(() => execFileSync(process.execPath, [path.join(import.meta.dirname, 'check-linux-sandbox.mjs')], { stdio: 'pipe' })).not.toThrow();
  }, 30_000);
});
