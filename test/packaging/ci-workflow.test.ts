/**
 * The CI workflow's shape (.github/workflows/ci.yml), read with the js-yaml electron-builder uses:
 * the jobs, their order of steps, the actions' majors, and what is uploaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
// The js-yaml of app-builder-lib (electron-builder's engine), as electron-builder resolves it.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
const yaml = fromLib('js-yaml') as { load(text: string): unknown };

describe('.github/workflows/ci.yml', () => {
  type Step = { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
  type Job = { 'runs-on': string; if?: string; needs?: string; strategy?: { matrix?: { os?: string[] } }; steps: Step[]; permissions?: Record<string, string> };
  const file = path.join(root, '.github/workflows/ci.yml');
  const workflow = existsSync(file) ? (yaml.load(readFileSync(file, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> }) : null;
  const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

  test('parses, and runs on pushes, pull requests and v* tags', () => {
    expect(workflow).not.toBeNull();
    expect(workflow!.on).toHaveProperty('pull_request');
    expect(workflow!.on.push).toMatchObject({ tags: ['v*'] });
  });

  // GitHub's own actions on their node24-runtime majors (node20 is retiring on the runners):
  // actions/checkout v5.0.0 "Update actions checkout to use node 24" (actions/checkout#2226);
  // actions/setup-node v5.0.0 "Upgrade action to use node24" (actions/setup-node#1325);
  // actions/upload-artifact v6.0.0 "now runs on Node.js 24 (runs.using: node24) ... v5 had
  // preliminary support for Node.js 24, however this action was by default still running on
  // Node.js 20" (release notes; actions/upload-artifact#719, #745). Each needs runner 2.327.1+.
  test('every GitHub action runs on the node24 runtime (no node20 majors)', () => {
    // actions/download-artifact v7.0.0: "now runs on Node.js 24 (runs.using: node24) ... v6 had
    // preliminary support for Node 24, however this action was by default still running on
    // Node.js 20" (actions/download-artifact#452).
    const firstNode24Major: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'actions/upload-artifact': 6, 'actions/download-artifact': 7 };
    const uses = Object.values(workflow!.jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const [action = '', ref = ''] = use.split('@');
      expect(Object.keys(firstNode24Major), use).toContain(action);
      expect(Number(/^v(\d+)$/.exec(ref)?.[1]), use).toBeGreaterThanOrEqual(firstNode24Major[action]!);
    }
  });

  test('tests and packages on Linux, macOS and Windows with Node 24', () => {
    const test = workflow!.jobs.test!;
    expect(test['runs-on']).toBe('${{ matrix.os }}');
    expect(test.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(test.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 24 });
    const script = runs(test);
    expect(script).toMatch(/^npm ci$/m);
    expect(script).toMatch(/apt-get install[^\n]*\n?[^\n]*gnome-keyring dbus-x11/);
    expect(script).toMatch(/xvfb-run [^\n]*npm test/);
    expect(script).toMatch(/^npm test$/m);
    expect(script).toMatch(/npx playwright install/);
    expect(script).toMatch(/npm run dist -- --publish never/);
    const upload = test.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toMatch(/release\/\*\.dmg/);
  });

  // Electron 42+ downloads nothing at `npm ci` (electron docs/breaking-changes.md at
  // v45.0.0-nightly.20260821, 42.0: "`electron` no longer downloads itself via `postinstall`
  // script"; "`ELECTRON_SKIP_BINARY_DOWNLOAD` ... is no longer supported"): the test job fetches
  // the binary with install-electron after `npm ci` and before the tests, so the Electron suite runs.
  test('the test job fetches the Electron binary (install-electron) between npm ci and npm test', () => {
    const steps = workflow!.jobs.test!.steps.map((s) => s.run ?? '');
    const at = (pattern: RegExp) => steps.findIndex((run) => pattern.test(run));
    expect(at(/npx install-electron/)).toBeGreaterThan(at(/^npm ci$/m));
    expect(at(/npx install-electron/)).toBeLessThan(at(/^npm test$/m));
    expect(steps.join('\n')).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });

  test('.ci/run no longer sets ELECTRON_SKIP_BINARY_DOWNLOAD (still skips the Playwright browsers)', () => {
    const script = readFileSync(path.join(root, '.ci', 'run'), 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(script).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
    expect(script).toMatch(/^export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1$/m);
  });

  // Issue 12, defect 6: the tray-host probe's tests (main/shell/desktop/tray-host.test.ts) need
  // gdbus and a python3 with GLib bindings for the stand-in StatusNotifierWatcher; without them
  // they print NOT RUN, and a Linux desktop without a tray host would go untested again.
  test('Linux CI installs what the tray-host tests need (gdbus, python3-gi), so they run', () => {
    const ciRun = readFileSync(path.join(root, '.ci', 'run'), 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    for (const script of [runs(workflow!.jobs.test!), ciRun]) {
      expect(script).toMatch(/apt-get install[^\n]*(\\\n[^\n]*)*\blibglib2\.0-bin\b/);
      expect(script).toMatch(/apt-get install[^\n]*(\\\n[^\n]*)*\bpython3-gi\b/);
      expect(script).toMatch(/apt-get install[^\n]*(\\\n[^\n]*)*\bdbus-x11\b/);
    }
  });

  // Issue 12 defect 10: three parallel `electron-builder --publish always` jobs each made a draft
  // release. electron-publish 26.16, which electron-builder 26.17 uses
  // (node_modules/electron-publish/out/gitHubPublisher.js getOrCreateRelease, lines 58-106), lists
  // the releases, finds no draft for the tag yet, and creates one (createRelease, line 174): jobs
  // running at the same time each create their own. So the matrix jobs publish nothing.
  test('a v* tag: each OS builds with --publish never in a matrix; nothing publishes from a matrix job', () => {
    const jobs = Object.entries(workflow!.jobs);
    for (const [name, job] of jobs) {
      const script = runs(job);
      for (const line of script.split('\n').filter((l) => /electron-builder|npm run dist/.test(l))) expect(line, `${name}: ${line}`).toMatch(/--publish never/);
      expect(script, name).not.toMatch(/--publish (always|onTag|onTagOrDraft)/);
      if (job.strategy?.matrix) {
        expect(job.permissions?.contents ?? 'read', name).not.toBe('write');
        expect(JSON.stringify(job.steps), name).not.toMatch(/GH_TOKEN|GITHUB_TOKEN|gh release/);
      }
    }
    const build = workflow!.jobs['release-build']!;
    expect(build.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(build.needs).toBe('test');
    expect(build.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const dist = build.steps.find((step) => step.run === 'npm run dist -- --publish never');
    expect(dist?.env).toMatchObject({ CSC_LINK: '${{ secrets.CSC_LINK }}', APPLE_TEAM_ID: '${{ secrets.APPLE_TEAM_ID }}' });
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'release-${{ runner.os }}', 'if-no-files-found': 'error' });
    for (const files of ['release/*.blockmap', 'release/latest*.yml', 'release/*.exe', 'release/*.dmg', 'release/*.zip', 'release/*.AppImage', 'release/*.deb']) {
      expect(String(upload?.with?.path).split('\n')).toContain(files);
    }
  });

  test('exactly one job creates the draft release, after every build, and uploads every file to it', () => {
    const creators = Object.entries(workflow!.jobs).filter(([, job]) => /gh release create/.test(runs(job)));
    expect(creators.map(([name]) => name)).toEqual(['release']);
    const release = creators[0]![1];
    expect(release.strategy).toBeUndefined();
    expect(release.needs).toBe('release-build');
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.permissions).toEqual({ contents: 'write' });
    const at = (pattern: RegExp) => release.steps.findIndex((step) => pattern.test(step.run ?? step.uses ?? ''));
    const download = release.steps[at(/^actions\/download-artifact@/)]!;
    expect(download.with).toMatchObject({ pattern: 'release-*', 'merge-multiple': true, path: 'release-assets' });
    expect(at(/node scripts\/release-assets\.mjs release-assets "\$GITHUB_REF_NAME"/)).toBeGreaterThan(at(/^actions\/download-artifact@/));
    const publish = release.steps[at(/gh release create/)]!;
    expect(at(/gh release create/)).toBeGreaterThan(at(/release-assets\.mjs/));
    expect(publish.env).toMatchObject({ GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}', GH_REPO: '${{ github.repository }}' });
    // Created only when gh finds no release (a draft included) for the tag; a re-run reuses it.
    expect(publish.run).toMatch(/if ! gh release view "\$tag"[^\n]*\n\s*gh release create "\$tag" --draft --verify-tag/);
    expect(publish.run).toMatch(/gh release upload "\$tag" --clobber < release-assets\.txt/);
  });

  test('the packaged app is started once after npm run dist, in the test job and the release build', () => {
    for (const name of ['test', 'release-build']) {
      const steps = workflow!.jobs[name]!.steps;
      const dist = steps.findIndex((step) => step.run === 'npm run dist -- --publish never');
      const smoke = steps.map((step, index) => ({ step, index })).filter(({ step }) => /node scripts\/smoke-packaged\.mjs$/.test(step.run ?? ''));
      expect(dist, name).toBeGreaterThan(0);
      expect(smoke.map(({ step }) => [step.if, step.run]), name).toEqual([
        ["runner.os == 'Linux'", 'xvfb-run --auto-servernum --server-args="-screen 0 1280x1024x24" node scripts/smoke-packaged.mjs'],
        ["runner.os != 'Linux'", 'node scripts/smoke-packaged.mjs'],
      ]);
      for (const { index } of smoke) expect(index, name).toBeGreaterThan(dist);
      const upload = steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
      expect(upload, `${name}: no installers uploaded unless the app started`).toBeGreaterThan(Math.max(...smoke.map(({ index }) => index)));
    }
  });

  // Issue 14, "done when": the screenshots at 1280 and 900 px, light and dark, are CI artifacts,
  // not files in git. The web suite writes them where FLOTILLA_SHOTS_DIR says (page-fit.spec.ts).
  test('the test job saves the e2e screenshots and uploads them, pass or fail; git ignores them', () => {
    const steps = workflow!.jobs.test!.steps;
    const tests = steps.filter((step) => /(^|\s)npm test$/.test(step.run ?? ''));
    expect(tests).toHaveLength(2);
    for (const step of tests) expect(step.env, step.name).toEqual({ FLOTILLA_SHOTS_DIR: 'screenshots' });
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.path === 'screenshots/');
    expect(upload?.if).toBe('always()');
    expect(upload?.with).toMatchObject({ name: 'screenshots-${{ runner.os }}' });
    expect(steps.indexOf(upload!)).toBeGreaterThan(steps.indexOf(tests[1]!));
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('screenshots/');
  });

  // Ubuntu 23.10+ restricts unprivileged user namespaces (AppArmor); the unpacked app's
  // chrome-sandbox is not SUID, so Electron's sandbox needs them: the Linux jobs allow them.
  test('Linux jobs that start Electron allow unprivileged user namespaces (AppArmor sysctl)', () => {
    for (const name of ['test', 'release-build']) expect(runs(workflow!.jobs[name]!), name).toMatch(/sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/);
  });
});
