// Smoke run of the packaged app, after `npm run dist` (or `npm run dist:dir`): starts the unpacked
// build for this OS and architecture from release/ with a fresh profile and FLOTILLA_SMOKE_TEST=1,
// which makes the app quit right after it logs that it started (main/shell/smoke-run.ts). Passes
// when the app exits with code 0 and its <profile>/logs/main.log says "Flotilla started"; on
// failure prints why, the log's tail and the app's output, and exits 1. Bounded: 90 s by default.
//
// Playwright cannot attach to the packaged app (the enableNodeCliInspectArguments fuse is off), so
// this reads the log and the exit code. Usage (Linux needs a display: xvfb-run in CI):
//   node scripts/smoke-packaged.mjs [--release-dir release] [--timeout-ms 90000]
import { spawn as nodeSpawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The variable main/shell/smoke-run.ts reads. */
export const SMOKE_ENV = 'FLOTILLA_SMOKE_TEST';
/** What main/shell/index.ts logs once the core, the window and the tray are up. */
export const STARTED_LINE = 'Flotilla started';
export const DEFAULT_TIMEOUT_MS = 90_000;
const TAIL_LINES = 40;

/**
 * The executable of the unpacked app electron-builder leaves in `releaseDir`: its folder is
 * <linux|mac|win><-arch unless x64>[-unpacked, except on macOS] (app-builder-lib 26.17
 * out/platformPackager.js computeAppOutDir with getArchSuffix), holding <name> on Linux
 * (LinuxPackager executableName: package.json name, lower-cased), <productName>.app on macOS
 * (electronMac.js createMacApp; its CFBundleExecutable is productName) and <productName>.exe on
 * Windows (winPackager.js).
 */
export function unpackedApp({ platform, arch, releaseDir, productName, name }) {
  const suffix = arch === 'x64' ? '' : `-${arch}`;
  switch (platform) {
    case 'linux':
      return path.join(releaseDir, `linux${suffix}-unpacked`, name.toLowerCase());
    case 'darwin':
      return path.join(releaseDir, `mac${suffix}`, `${productName}.app`, 'Contents', 'MacOS', productName);
    case 'win32':
      return path.join(releaseDir, `win${suffix}-unpacked`, `${productName}.exe`);
    default:
      throw new Error(`no packaged build for ${platform}`);
  }
}

/** Where the app writes its log for a profile folder (main/shell/profile.ts: <userData>/logs; index.ts: main.log). */
export function logFileOf(userData) {
  return path.join(userData, 'logs', 'main.log');
}

const lastLines = (text, count = TAIL_LINES) => text.split(/\r?\n/).filter(Boolean).slice(-count).join('\n');
const readIfExists = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Ends the app and its helper processes (a process group on POSIX, the process tree on Windows). */
function killTree(child) {
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Starts `command` with a profile in `userData` and FLOTILLA_SMOKE_TEST=1 and waits, at most
 * `timeoutMs`, for it to exit. Answers { ok, reason, code, log, output }: ok when it exited with
 * code 0 and its log has the started line.
 */
export function smokeRun({ command, args = [], userData, timeoutMs = DEFAULT_TIMEOUT_MS, env = process.env, spawn = nodeSpawn }) {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, log: readIfExists(logFileOf(userData)), output: lastLines(output) });
    };
    const child = spawn(command, args, {
      env: { ...env, FLOTILLA_USER_DATA_DIR: userData, [SMOKE_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout ends the helpers (GPU, renderer, zygote) too.
      detached: process.platform !== 'win32',
    });
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      killTree(child);
      finish({ ok: false, code: null, reason: `did not quit within ${Math.round(timeoutMs / 1000)} s (it should quit right after "${STARTED_LINE}")` });
    }, timeoutMs);
    child.on('error', (error) => finish({ ok: false, code: null, reason: `could not start ${command}: ${error.message}` }));
    child.on('exit', (code, signal) => {
      const started = readIfExists(logFileOf(userData)).includes(STARTED_LINE);
      if (code !== 0) finish({ ok: false, code, reason: signal ? `was killed by ${signal}` : `exited with code ${code}` });
      else if (!started) finish({ ok: false, code, reason: `exited with code 0 but never logged "${STARTED_LINE}" in ${logFileOf(userData)}` });
      else finish({ ok: true, code, reason: `started and quit cleanly` });
    });
  });
}

/** The report printed for a run. */
export function describeRun(app, result) {
  const head = `smoke run of ${app}: ${result.ok ? 'passed' : 'FAILED'}: ${result.reason}`;
  if (result.ok) return head;
  return [head, `--- last lines of main.log ---`, lastLines(result.log) || '(no log)', `--- last lines of the app's output ---`, result.output || '(none)'].join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { 'release-dir': { type: 'string' }, 'timeout-ms': { type: 'string' } } });
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const app = unpackedApp({
    platform: process.platform,
    arch: process.arch,
    releaseDir: path.resolve(root, values['release-dir'] ?? 'release'),
    productName: pkg.productName,
    name: pkg.name,
  });
  if (!existsSync(app)) {
    console.error(`smoke run: no packaged app at ${app}; run \`npm run dist\` (or \`npm run dist:dir\`) first`);
    process.exit(1);
  }
  const userData = mkdtempSync(path.join(os.tmpdir(), 'flotilla-smoke-'));
  const result = await smokeRun({ command: app, userData, timeoutMs: Number(values['timeout-ms'] ?? DEFAULT_TIMEOUT_MS) });
  (result.ok ? console.log : console.error)(describeRun(app, result));
  if (result.ok) {
    try {
      rmSync(userData, { recursive: true, force: true });
    } catch {
      // A helper process may still hold a file for a moment (Windows); the temp folder can stay.
    }
  }
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
