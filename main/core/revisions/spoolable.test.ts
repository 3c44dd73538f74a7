import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSpoolable } from './spoolable';

describe('checkSpoolable: what spool refuses before any work', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-spoolable-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('accepts a file by its own name and a folder as <folder>.tar.gz', async () => {
    await writeFile(join(dir, 'site.tgz'), 'x');
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs', 'index.html'), 'x');
    expect(await checkSpoolable(join(dir, 'site.tgz'))).toEqual({ path: join(dir, 'site.tgz'), folder: false, fileName: 'site.tgz' });
    expect(await checkSpoolable(join(dir, 'docs'))).toEqual({ path: join(dir, 'docs'), folder: true, fileName: 'docs.tar.gz' });
  });

  test('refuses a missing path, an empty folder and a name without a package, naming the path', async () => {
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'nodot'), 'x');
    await expect(checkSpoolable(join(dir, 'absent.tgz'))).rejects.toMatchObject({ code: 'not-found', data: { field: 'path', path: join(dir, 'absent.tgz') } });
    await expect(checkSpoolable(join(dir, 'empty'))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('is empty') });
    await expect(checkSpoolable(join(dir, 'nodot'))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('has no dot') });
  });

  test("refuses a folder or file whose package would hold characters outside FTL-style names (A-Z a-z 0-9 _ -)", async () => {
    await mkdir(join(dir, 'odd name;$(x)'));
    await writeFile(join(dir, 'odd name;$(x)', 'index.html'), 'x');
    await writeFile(join(dir, 'my site.tgz'), 'x');
    await expect(checkSpoolable(join(dir, 'odd name;$(x)'))).rejects.toMatchObject({
      code: 'invalid-input',
      data: { field: 'path' },
      message: expect.stringMatching(/^The folder .*odd name;\$\(x\) cannot be spooled: .*holds a space, ';', '\$', '\(', '\)': .*Rename it, e\.g\. odd_name_x\.$/),
    });
    await expect(checkSpoolable(join(dir, 'my site.tgz'))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining("'my site.tgz' cannot be spooled: the package name 'my site' holds a space") });
  });

  test.runIf(process.platform !== 'win32')('refuses what is neither a regular file nor a folder (a device)', async () => {
    await expect(checkSpoolable('/dev/null')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('neither a regular file nor a folder') });
  });
});
