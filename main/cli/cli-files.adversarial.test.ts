/**
 * Adversarial suite for the CLI and project files (issue 11): a pull request can add
 * projects/<id>.sh as a symbolic link to a file of the CI machine; `flotilla render` and
 * `flotilla check` must not print (nor read) that file.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { goodSource } from '../core/projects/projects.test-helpers';
import { runCli as run } from './run-cli.test-helpers';

const SECRET = 'aws_secret_access_key = TOPSECRET-0123456789';


describe('flotilla CLI against a symlinked project file', () => {
  let scratch: string;
  let dir: string;

  beforeAll(() => {
    process.env.FLOTILLA_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'cli-files-config-'));
    scratch = mkdtempSync(path.join(tmpdir(), 'cli-files-'));
    dir = path.join(scratch, 'projects');
    mkdirSync(dir);
    // A file outside the projects folder, standing for ~/.aws/credentials on the CI machine.
    writeFileSync(path.join(scratch, 'credentials'), goodSource(`echo ${SECRET}`));
    symlinkSync(path.join(scratch, 'credentials'), path.join(dir, 'leak.sh'));
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(process.env.FLOTILLA_CONFIG_DIR!, { recursive: true, force: true });
    delete process.env.FLOTILLA_CONFIG_DIR;
  });

  test('render does not print the linked file', async () => {
    const { code, stdout, stderr } = await run('render', 'leak', '--user', 'octocat', '--branch', 'main', '--dir', dir);
    expect(stdout).not.toContain(SECRET);
    expect(stderr).not.toContain(SECRET);
    expect(code).toBe(2);
  });

  test('check fails on the link and does not print the linked file', async () => {
    const { code, stdout, stderr } = await run('check', '--dir', dir);
    expect(stdout + stderr).not.toContain(SECRET);
    expect(stderr).toMatch(/projects\/leak\.sh: .*symbolic link/);
    expect(code).toBe(1);
  });
});
