import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectSummary } from '../../contract/projects/dto';
import { FlotillaError } from '../../contract/errors';
import { createProjectsService, type ProjectsService } from './service';
import { goodSource, silentLogger, tempProjects, waitFor } from './projects.test-helpers';

async function rejection(promise: Promise<unknown>): Promise<FlotillaError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FlotillaError) return err;
    throw err;
  }
  throw new Error('expected a FlotillaError');
}

describe('createProjectsService', () => {
  let service: ProjectsService | null = null;
  let cleanup: () => Promise<void> = async () => {};
  afterEach(async () => {
    await service?.close();
    service = null;
    await cleanup();
  });

  async function start(files: Record<string, string>, watch = false, onChange: (list: ProjectSummary[]) => void = () => {}) {
    const t = await tempProjects(files);
    cleanup = t.cleanup;
    service = await createProjectsService({ dir: t.dir, logger: silentLogger, watch, onChange, watchTiming: { debounceMs: 50, pollMs: 50 } });
    return { ...t, service };
  }

  test('lists summaries sorted by id, broken ones included', async () => {
    const { service } = await start({ 'b.sh': goodSource(), 'a.sh.njk': goodSource(), 'c.sh': '{{ oops' });
    const list = await service.api.list({});
    expect(list.map((p) => [p.id, p.state])).toEqual([
      ['a', 'valid'],
      ['b', 'valid'],
      ['c', 'errors'],
    ]);
    expect(list[0]).not.toHaveProperty('problems');
  });

  test('gets a detail, or not-found with the known ids', async () => {
    const { service } = await start({ 'a.sh': goodSource() });
    expect(await service.api.get({ id: 'a' })).toMatchObject({ id: 'a', file: 'projects/a.sh', problems: [], source: goodSource() });
    const err = await rejection(service.api.get({ id: 'x' }));
    expect(err.code).toBe('not-found');
    expect(err.message).toBe("No project 'x' in projects/; the projects are a.");
  });

  test('previews user-data', async () => {
    const { service } = await start({ 'a.sh': goodSource() });
    const result = await service.api.preview({ id: 'a', gitUser: 'octocat', gitBranch: 'feature/x' });
    expect(result.userData).toContain("echo 'feature/x'");
    expect(result).toMatchObject({ limitBytes: 16384, bytes: result.userData.length });
  });

  test('refuses hostile input with clear messages', async () => {
    const { service } = await start({ 'a.sh': goodSource() });
    const semicolon = await rejection(service.api.preview({ id: 'a', gitUser: 'octocat', gitBranch: 'a;reboot' }));
    expect(semicolon.code).toBe('invalid-input');
    expect(semicolon.message).toBe(
      "branch 'a;reboot' contains ';', which Flotilla refuses in branch names so it can never run as shell code (allowed: letters, digits, . _ - / +)",
    );
    const subshell = await rejection(service.api.preview({ id: 'a', gitUser: 'octocat', gitBranch: 'x$(touch /tmp/pwned)' }));
    expect(subshell.message).toMatch(/contains '\$', which Flotilla refuses/);
    const user = await rejection(service.api.preview({ id: 'a', gitUser: '$(id)', gitBranch: 'main' }));
    expect(user.data).toEqual({ problems: [expect.objectContaining({ file: '', message: expect.stringContaining("git user '$(id)' contains '$'") })] });
  });

  test('refuses to preview a project with errors, listing them', async () => {
    const { service } = await start({ 'c.sh': goodSource('{% if x %}') });
    const err = await rejection(service.api.preview({ id: 'c', gitUser: 'octocat', gitBranch: 'main' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/^projects\/c\.sh:8: template syntax error: the \{% if %\} on this line is never closed/);
    expect(err.data).toEqual({ problems: [expect.objectContaining({ line: 8, severity: 'error' })] });
  });

  test('reloads on demand and notifies only when something changed', async () => {
    const calls: ProjectSummary[][] = [];
    const { service, dir } = await start({ 'a.sh': goodSource() }, false, (list) => calls.push(list));
    await service.reload();
    expect(calls).toHaveLength(0);
    await writeFile(join(dir, 'b.sh'), goodSource());
    await service.reload();
    expect(calls.map((list) => list.map((p) => p.id))).toEqual([['a', 'b']]);
  });

  test('watches the folder and reports changes', async () => {
    const calls: ProjectSummary[][] = [];
    const { dir, service } = await start({ 'a.sh': goodSource() }, true, (list) => calls.push(list));
    await writeFile(join(dir, 'b.sh'), goodSource());
    await waitFor(() => calls.some((list) => list.some((p) => p.id === 'b')));
    await writeFile(join(dir, 'b.sh'), '#!/bin/bash\n');
    await waitFor(() => calls.at(-1)?.find((p) => p.id === 'b')?.state === 'errors');
    await rm(join(dir, 'a.sh'));
    await waitFor(() => calls.at(-1)?.length === 1);
    expect((await service.api.list({})).map((p) => p.id)).toEqual(['b']);
    const count = calls.length;
    await writeFile(join(dir, 'README.md'), 'not a project');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toHaveLength(count);
  });

  test('reloads a project when its env file changes, appears or goes, values included', async () => {
    const calls: ProjectSummary[][] = [];
    const { dir, service } = await start({ 'a.sh': goodSource() }, true, (list) => calls.push(list));
    await writeFile(join(dir, 'a.env'), 'TOKEN=one\n');
    await waitFor(() => service.project('a').envValues['TOKEN'] === 'one');
    expect(service.project('a').detail.envFile).toEqual({ file: 'projects/a.env', entries: [{ key: 'TOKEN', line: 1, reference: null }] });
    // Only the value changes: the detail is the same, the values the launch reads are not.
    await writeFile(join(dir, 'a.env'), 'TOKEN=two\n');
    await waitFor(() => service.project('a').envValues['TOKEN'] === 'two');
    await writeFile(join(dir, 'a.env'), 'token=two\n');
    await waitFor(() => calls.at(-1)?.[0]?.state === 'errors');
    await rm(join(dir, 'a.env'));
    await waitFor(() => service.project('a').detail.envFile === null);
    expect(service.project('a').envValues).toEqual({});
    expect(calls.at(-1)?.[0]?.state).toBe('valid');
  });

  test('never shows an env file value in a detail or a preview', async () => {
    const { service } = await start({ 'a.sh': goodSource('echo {{ ENV.TOKEN | shq }}'), 'a.env': 'TOKEN=TOPSECRET-42\n' });
    expect(JSON.stringify(await service.api.get({ id: 'a' }))).not.toContain('TOPSECRET');
    expect(JSON.stringify(await service.api.list({}))).not.toContain('TOPSECRET');
    expect((await service.api.preview({ id: 'a', gitUser: 'octocat', gitBranch: 'main' })).userData).not.toContain('TOPSECRET');
    expect(service.project('a').envValues).toEqual({ TOKEN: 'TOPSECRET-42' });
  });

  test('previews with the options\' defaults', async () => {
    const { service } = await start({ 'a.sh': goodSource('# fleeting-meta:option.workers = int(1..16) 3\nexec gunicorn --workers {{ OPTIONS.workers | shq }}') });
    expect((await service.api.preview({ id: 'a', gitUser: 'octocat', gitBranch: 'main' })).userData).toContain("exec gunicorn --workers '3'\n");
  });

  test('tolerates the folder being created after start', async () => {
    const calls: ProjectSummary[][] = [];
    const t = await tempProjects();
    cleanup = t.cleanup;
    service = await createProjectsService({
      dir: t.dir,
      logger: silentLogger,
      watch: true,
      onChange: (list) => calls.push(list),
      watchTiming: { debounceMs: 20, pollMs: 30 },
    });
    expect(await service.api.list({})).toEqual([]);
    await mkdir(t.dir);
    await writeFile(join(t.dir, 'late.sh'), goodSource());
    await waitFor(() => calls.at(-1)?.[0]?.id === 'late');
  });

  test('stops watching once closed', async () => {
    const calls: ProjectSummary[][] = [];
    const { dir, service } = await start({ 'a.sh': goodSource() }, true, (list) => calls.push(list));
    await service.close();
    await writeFile(join(dir, 'b.sh'), goodSource());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toEqual([]);
  });
});
