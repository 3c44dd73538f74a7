/**
 * Standing adversarial suite for the CLI (issue 11, items 4 and 5): `flotilla check` runs on pull
 * requests in CI, so a template in a projects folder must not run code when it is checked, listed
 * or rendered; and `render` takes a branch no longer than the server accepts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CODE_PAYLOADS, injectedName, spawnCode, writeCode } from '../core/projects/adversarial-payloads.test-helpers';
import { goodSource } from '../core/projects/projects.test-helpers';
import { runCli as run } from './run-cli.test-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');


describe('flotilla CLI against hostile templates', () => {
  let scratch: string;
  let dir: string;
  const marker = () => path.join(scratch, 'marker');
  const touched = () => path.join(scratch, 'touched');
  const injected = () => path.join(scratch, 'injected');

  beforeAll(() => {
    process.env.FLOTILLA_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'cli-adv-config-'));
    scratch = mkdtempSync(path.join(tmpdir(), 'cli-adv-'));
    dir = path.join(scratch, 'projects');
    mkdirSync(dir);
    // Line 8 of each file is the payload (goodSource puts its body there).
    writeFileSync(path.join(dir, 'evil.sh.njk'), goodSource(`{{ range.constructor("${spawnCode(touched()).replace(/"/g, "'")}")() }}`));
    writeFileSync(path.join(dir, 'sneaky.sh.njk'), goodSource(CODE_PAYLOADS.find((p) => p.name === 'ENV.constructor chain')!.body(writeCode(marker()))));
    writeFileSync(path.join(dir, 'inject.sh.njk'), goodSource(`echo {{ ${injectedName(writeCode(injected()))} }}`));
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(process.env.FLOTILLA_CONFIG_DIR!, { recursive: true, force: true });
    delete process.env.FLOTILLA_CONFIG_DIR;
  });

  function expectNothingRan(): void {
    expect(existsSync(touched())).toBe(false);
    expect(existsSync(marker())).toBe(false);
    expect(existsSync(injected())).toBe(false);
  }

  test('check fails with file:line and what to fix, and runs nothing', async () => {
    const { code, stderr } = await run('check', '--dir', dir);
    expectNothingRan();
    expect(code).toBe(1);
    expect(stderr).toMatch(/projects\/evil\.sh\.njk:8: template refused: .*'constructor' is not data/);
    expect(stderr).toMatch(/projects\/sneaky\.sh\.njk:8: template refused: .*'constructor' is not data/);
    expect(stderr).toMatch(/projects\/inject\.sh\.njk:8: template refused: /);
  });

  test('projects (table and --json) runs nothing', async () => {
    const table = await run('projects', '--dir', dir);
    const json = await run('projects', '--dir', dir, '--json');
    expectNothingRan();
    expect(table.stdout).toMatch(/evil\s+.*error/);
    const parsed = JSON.parse(json.stdout) as Array<{ id: string; state: string }>;
    expect(parsed.every((p) => p.state === 'errors')).toBe(true);
  });

  test('render refuses with exit 2 and runs nothing', async () => {
    for (const id of ['evil', 'sneaky', 'inject']) {
      const { code, stdout } = await run('render', id, '--user', 'octocat', '--branch', 'main', '--dir', dir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    }
    expectNothingRan();
  });
});

describe('flotilla render: branch length', () => {
  beforeAll(() => {
    process.env.FLOTILLA_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'cli-adv-config-'));
  });
  afterAll(() => {
    rmSync(process.env.FLOTILLA_CONFIG_DIR!, { recursive: true, force: true });
    delete process.env.FLOTILLA_CONFIG_DIR;
  });

  test('a branch longer than 255 characters is refused, as the server refuses it', async () => {
    const branch = `feature/${'a'.repeat(248)}`;
    expect(branch).toHaveLength(256);
    const { code, stdout, stderr } = await run('render', 'node-webapp', '--user', 'octocat', '--branch', branch, '--dir', path.join(root, 'projects'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('branch is longer than 255 characters');
  });

  test('a branch of exactly 255 characters renders', async () => {
    const branch = `feature/${'a'.repeat(247)}`;
    const { code, stdout } = await run('render', 'node-webapp', '--user', 'octocat', '--branch', branch, '--dir', path.join(root, 'projects'));
    expect(code).toBe(0);
    expect(stdout).toContain(branch);
  });
});
