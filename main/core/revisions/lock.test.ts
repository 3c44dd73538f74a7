import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { acquireLock } from './lock';

describe('acquireLock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lock-'));
    file = join(dir, '.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('holds the file with our pid and removes it on release', async () => {
    const release = await acquireLock(file, { waitMs: 0, purpose: 'sync of app' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'sync of app' });
    await release();
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  test('makes a second taker wait for the first', async () => {
    const release = await acquireLock(file, { waitMs: 0, purpose: 'first' });
    let second = false;
    const waiting = acquireLock(file, { waitMs: 5000, pollMs: 10, purpose: 'second' }).then((r) => ((second = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(second).toBe(false);
    await release();
    await (await waiting)();
    expect(second).toBe(true);
  });

  test('fails after the wait with a message naming the holder', async () => {
    await writeFile(file, JSON.stringify({ pid: 4242, purpose: 'jump of app', since: '2026-01-01T00:00:00Z', token: 't' }));
    const error = await acquireLock(file, { waitMs: 30, pollMs: 10, purpose: 'sync of app', isAlive: () => true }).catch((e: FlotillaError) => e);
    expect(error).toBeInstanceOf(FlotillaError);
    expect((error as FlotillaError).message).toContain('held by process 4242 (jump of app');
    expect((error as FlotillaError).message).toContain(`remove ${file}`);
    expect((error as FlotillaError).data).toMatchObject({ pid: 4242 });
  });

  test('takes over a lock whose pid is dead, also one holding a bare pid', async () => {
    await writeFile(file, JSON.stringify({ pid: 4242, purpose: 'sync', since: 'then', token: 't' }));
    const release = await acquireLock(file, { waitMs: 0, purpose: 'sync', isAlive: (pid) => pid !== 4242 });
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await release();
    await writeFile(file, '4243\n');
    await (await acquireLock(file, { waitMs: 0, purpose: 'sync', isAlive: (pid) => pid !== 4243 }))();
  });

  test('release leaves alone a lock that is no longer ours', async () => {
    const release = await acquireLock(file, { waitMs: 0, purpose: 'mine' });
    await writeFile(file, JSON.stringify({ pid: 1, purpose: 'theirs', since: 'now', token: 'other' }));
    await release();
    expect(JSON.parse(await readFile(file, 'utf8')).purpose).toBe('theirs');
  });
});
