import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger, tempProjects, waitFor } from './projects.test-helpers';
import { watchFolder, type FolderWatcher } from './watch';

describe('watchFolder', () => {
  let cleanup: () => Promise<void> = async () => {};
  let watcher: FolderWatcher | null = null;
  afterEach(async () => {
    watcher?.close();
    watcher = null;
    await cleanup();
  });

  test('reports a burst of changes once, after it settles', async () => {
    const t = await tempProjects({ 'a.sh': 'a' });
    cleanup = t.cleanup;
    let calls = 0;
    watcher = await watchFolder(t.dir, { logger: silentLogger, onChange: () => calls++, debounceMs: 150 });
    for (let i = 0; i < 20; i++) await writeFile(join(t.dir, `f${i}.sh`), String(i));
    await waitFor(() => calls >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second call would come within the debounce
    expect(calls).toBe(1);
  });

  test('waits for a folder that does not exist yet, then watches it', async () => {
    const t = await tempProjects();
    cleanup = t.cleanup;
    let calls = 0;
    watcher = await watchFolder(t.dir, { logger: silentLogger, onChange: () => calls++, debounceMs: 20, pollMs: 30 });
    await mkdir(t.dir);
    await waitFor(() => calls >= 1);
    const before = calls;
    await writeFile(join(t.dir, 'late.sh'), 'x');
    await waitFor(() => calls > before);
  });

  test('survives the folder being deleted and created again', async () => {
    const t = await tempProjects({ 'a.sh': 'a' });
    cleanup = t.cleanup;
    let calls = 0;
    watcher = await watchFolder(t.dir, { logger: silentLogger, onChange: () => calls++, debounceMs: 20, pollMs: 30 });
    await rm(t.dir, { recursive: true });
    await waitFor(() => calls >= 1);
    const afterDelete = calls;
    await mkdir(t.dir);
    await waitFor(() => calls > afterDelete);
    const afterCreate = calls;
    await writeFile(join(t.dir, 'b.sh'), 'b');
    await waitFor(() => calls > afterCreate);
  });

  test('stops reporting once closed', async () => {
    const t = await tempProjects({ 'a.sh': 'a' });
    cleanup = t.cleanup;
    let calls = 0;
    watcher = await watchFolder(t.dir, { logger: silentLogger, onChange: () => calls++, debounceMs: 20 });
    watcher.close();
    await writeFile(join(t.dir, 'b.sh'), 'b');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toBe(0);
  });
});
