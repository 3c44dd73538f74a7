import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The sandboxed preload must stay one small CommonJS file: only `electron` external, no zod.
describe('preload bundle', () => {
  test('bundles to CJS without zod or the method schemas', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['preload/index.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(inputs).not.toContain('main/contract/methods.ts');
    expect(inputs).not.toContain('main/contract/dispatch.ts');
    expect(inputs.filter((input) => /^main\/contract\/(.+\/schemas|schema-rules)\.ts$/.test(input))).toEqual([]);
    expect(inputs).toContain('main/contract/instances/channels.ts');
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('require("electron")');
    expect(code).not.toMatch(/require\("(?!electron")/);
  });

  test('the contract barrel (main/contract/index.ts) bundles without zod or any package', async () => {
    const result = await build({ absWorkingDir: root, entryPoints: ['main/contract/index.ts'], bundle: true, platform: 'neutral', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
  });
});
