/**
 * The smoke run's logic against fake "apps" (node scripts standing in for the packaged Electron
 * app): one that starts and quits as the real one does with FLOTILLA_SMOKE_TEST=1, one that
 * crashes, one that hangs, one that quits without starting. The real app runs in CI
 * (.github/workflows/ci.yml, after `npm run dist`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describeRun, logFileOf, smokeRun, STARTED_LINE, unpackedApp } from './smoke-packaged.mjs';
import { resolveProfile } from '../main/shell/profile';
import { formatLogLine } from '../main/shell/adapters/logger';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'smoke-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a fake app (a node script) and answers how to start it. */
function fakeApp(name: string, source: string) {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, `import fs from 'node:fs';\nimport path from 'node:path';\nconst logs = path.join(process.env.FLOTILLA_USER_DATA_DIR, 'logs');\nconst log = (line) => { fs.mkdirSync(logs, { recursive: true }); fs.appendFileSync(path.join(logs, 'main.log'), line + '\\n'); };\n${source}\n`);
  return { command: process.execPath, args: [file], userData: path.join(dir, 'profile') };
}

// The line as the shell's logger writes it (main/shell/adapters/logger.ts formatLogLine).
const startedLine = JSON.stringify(formatLogLine(new Date('2026-06-01T12:00:00Z'), 'info', STARTED_LINE, { version: '0.1.0', packaged: true }));

// Each test starts node (seconds on a busy machine).
describe('smokeRun', () => {
  test('passes for an app that logs that it started and quits with 0, as the real one does when FLOTILLA_SMOKE_TEST=1', async () => {
    // Without the variable this app, like the real one, keeps running (and the run times out).
    const app = fakeApp('good', `log(${startedLine});\nif (process.env.FLOTILLA_SMOKE_TEST === '1') process.exit(0);\nsetInterval(() => {}, 1000);`);
    const result = await smokeRun({ ...app, timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: true, code: 0, reason: 'started and quit cleanly' });
    expect(result.log).toContain(STARTED_LINE);
    expect(describeRun('app', result)).toBe('smoke run of app: passed: started and quit cleanly');
  }, 30_000);

  test('fails for an app that crashes, with its exit code and output', async () => {
    const app = fakeApp('crash', `console.error('Flotilla could not start: keytar did not load');\nprocess.exit(3);`);
    const result = await smokeRun({ ...app, timeoutMs: 20_000 });
    expect(result).toMatchObject({ ok: false, code: 3, reason: 'exited with code 3' });
    expect(result.output).toContain('keytar did not load');
    const report = describeRun('app', result);
    expect(report).toMatch(/^smoke run of app: FAILED: exited with code 3\n--- last lines of main.log ---\n\(no log\)\n--- last lines of the app's output ---\n.*keytar did not load/);
  }, 30_000);

  test('fails, within the bound, for an app that starts but never quits, and ends it', async () => {
    const app = fakeApp('hang', `log(${startedLine});\nconsole.log('pid', process.pid);\nsetInterval(() => {}, 1000);`);
    const started = Date.now();
    const result = await smokeRun({ ...app, timeoutMs: 4000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result).toMatchObject({ ok: false, code: null });
    expect(result.reason).toMatch(/^did not quit within 4 s/);
    expect(result.log).toContain(STARTED_LINE); // the log tail shows how far it got
    const pid = Number(/pid (\d+)/.exec(result.output)?.[1]);
    expect(pid).toBeGreaterThan(0);
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 5000 });
  }, 30_000);

  test('fails for an app that exits with 0 without ever logging that it started', async () => {
    const app = fakeApp('silent', `log('2026-06-01T12:00:00.000Z INFO  auto-update: on');\nprocess.exit(0);`);
    const result = await smokeRun({ ...app, timeoutMs: 20_000 });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^exited with code 0 but never logged "Flotilla started"/);
  }, 30_000);

  test('fails when the app cannot be started at all', async () => {
    const result = await smokeRun({ command: path.join(dir, 'no-such-app'), userData: path.join(dir, 'p'), timeoutMs: 20_000 });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^could not start .*no-such-app: .*ENOENT/);
  }, 30_000);
});

describe('where the packaged app and its log are', () => {
  type Builder = {
    PlatformPackager: { prototype: { computeAppOutDir(outDir: string, arch: number): string } };
    Platform: Record<string, unknown>;
    Arch: Record<string, number>;
  };
  let builder: Builder;
  // app-builder-lib takes seconds to load on a busy machine.
  beforeAll(() => {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
    builder = fromBuilder('app-builder-lib') as Builder;
  }, 60_000);

  test('the log is where the shell writes it for FLOTILLA_USER_DATA_DIR (profile.ts: <userData>/logs)', () => {
    const profile = resolveProfile({ override: '/tmp/p', isPackaged: true, appData: '/x', name: 'Flotilla' });
    expect(logFileOf('/tmp/p')).toBe(path.join(profile!.logs, 'main.log'));
  });

  // electron-builder 26.17's own naming: app-builder-lib out/platformPackager.js computeAppOutDir
  // (<buildConfigurationKey><getArchSuffix(arch)>, plus -unpacked except on macOS); the Linux
  // executable is package.json's name lower-cased (out/linuxPackager.js, no executableName set).
  test.each([
    ['linux', 'x64', 'linux-unpacked/flotilla', 'LINUX'],
    ['linux', 'arm64', 'linux-arm64-unpacked/flotilla', 'LINUX'],
    ['darwin', 'x64', 'mac/Flotilla.app/Contents/MacOS/Flotilla', 'MAC'],
    ['darwin', 'arm64', 'mac-arm64/Flotilla.app/Contents/MacOS/Flotilla', 'MAC'],
    ['win32', 'x64', 'win-unpacked/Flotilla.exe', 'WINDOWS'],
  ] as const)('%s %s: release/%s', (platform, arch, expected, key) => {
    const releaseDir = path.resolve('release');
    const app = unpackedApp({ platform, arch, releaseDir, productName: 'Flotilla', name: 'flotilla' });
    expect(app).toBe(path.join(releaseDir, ...expected.split('/')));

    const { PlatformPackager, Platform, Arch } = builder;
    const appOutDir = PlatformPackager.prototype.computeAppOutDir.call(
      { packagerOptions: {}, platform: Platform[key], platformSpecificBuildOptions: {} },
      releaseDir,
      Arch[arch]!,
    );
    expect(app.startsWith(appOutDir + path.sep)).toBe(true);
    expect(path.relative(releaseDir, appOutDir)).toBe(expected.split('/')[0]);
  });
});
