import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli as run } from './run-cli.test-helpers';

const root = path.resolve(import.meta.dirname, '..', '..');


describe('flotilla CLI', () => {
  let broken: string;
  beforeAll(() => {
    process.env.FLOTILLA_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'cli-config-'));
    broken = path.join(mkdtempSync(path.join(tmpdir(), 'cli-')), 'projects');
    cpSync(path.join(root, 'test/fixtures/projects-broken'), broken, { recursive: true });
  });
  afterAll(() => {
    rmSync(path.dirname(broken), { recursive: true, force: true });
    rmSync(process.env.FLOTILLA_CONFIG_DIR!, { recursive: true, force: true });
    delete process.env.FLOTILLA_CONFIG_DIR;
  });

  test('--help lists every command', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const command of ['projects', 'check', 'render', 'serve']) expect(stdout).toContain(command);
  });

  test('no command is a usage error', async () => {
    expect((await run()).code).toBe(2);
  });

  test('an unknown command or option is a usage error that says so', async () => {
    const unknown = await run('lanch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'lanch'");
    const option = await run('check', '--json');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--json');
  });

  test('check passes on the shipped projects', async () => {
    const { code, stdout } = await run('check', '--dir', path.join(root, 'projects'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/checked .*0 with errors/);
  });

  test('check exits 1 and prints every problem with file:line', async () => {
    const { code, stderr } = await run('check', '--dir', broken);
    expect(code).toBe(1);
    expect(stderr).toContain("projects/butter.sh:3: image-id 'ami-2bb7d44' is not an AMI id");
    expect(stderr).toMatch(/projects\/syntax\.sh\.njk:\d+:/);
  });

  test('check on a folder that does not exist says how to fix it', async () => {
    const { code, stderr } = await run('check', '--dir', path.join(broken, 'nope'));
    expect(code).toBe(2);
    expect(stderr).toContain('--dir');
  });

  test('projects lists each project with its state, and --json gives the details', async () => {
    const table = await run('projects', '--dir', broken);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/butter\s+.*error/);
    const json = await run('projects', '--dir', broken, '--json');
    const parsed = JSON.parse(json.stdout) as Array<{ id: string; state: string; problems: unknown[] }>;
    expect(parsed.find((p) => p.id === 'butter')).toMatchObject({ state: 'errors', problems: expect.any(Array) });
  });

  test('render prints the user-data for a valid branch', async () => {
    const { code, stdout } = await run('render', 'node-webapp', '--user', 'octocat', '--branch', 'feature/x', '--dir', path.join(root, 'projects'));
    expect(code).toBe(0);
    expect(stdout).toContain("'feature/x'");
  });

  test('render refuses an injected branch with exit 2 and the reason on stderr', async () => {
    const { code, stdout, stderr } = await run('render', 'node-webapp', '--user', 'octocat', '--branch', 'a;reboot', '--dir', path.join(root, 'projects'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("';'");
  });

  test('render of an unknown project exits 2', async () => {
    const { code, stderr } = await run('render', 'nope', '--user', 'octocat', '--branch', 'main', '--dir', broken);
    expect(code).toBe(2);
    expect(stderr).toContain('nope');
  });

  test('a project added later is picked up by the next command', async () => {
    writeFileSync(path.join(broken, 'late.sh'), '#!/bin/sh\n# fleeting-meta:name = Late\n');
    const { stdout } = await run('projects', '--dir', broken);
    expect(stdout).toMatch(/late\s+Late/);
  });
});
