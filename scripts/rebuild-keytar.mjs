// electron-builder `beforeBuild` hook (electron-builder.yml): rebuild keytar, and only keytar, for
// the Electron being packaged, then tell electron-builder to skip its own rebuild.
//
// Why: electron-builder 26.17's own rebuild (app-builder-lib out/util/yarn.js `rebuild`) hands
// @electron/rebuild no module list, and @electron/rebuild walks every production and optional
// dependency with a binding.gyp; ssh2's optional `cpu-features` (NAN) fails to compile against
// Electron's headers, which fails `npm run dist`. app-builder-lib has no option to narrow that walk
// (only npmRebuild, nodeGypRebuild, buildDependenciesFromSource, nativeRebuilder), but
// out/packager.js `installAppDependencies` runs `beforeBuild` (only while npmRebuild is true) and
// skips its rebuild when the hook resolves to false (configuration.d.ts: "Resolving to `false`
// will skip dependencies install or rebuild"). cpu-features stays unbuilt; ssh2 runs without it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The options app-builder-lib passes to @electron/rebuild (out/util/yarn.js), narrowed to keytar. */
export function keytarRebuildOptions({ appDir, electronVersion, platform, arch }) {
  return {
    buildPath: appDir,
    projectRootPath: appDir,
    electronVersion,
    arch,
    platform: platform.nodeName,
    buildFromSource: false,
    mode: 'sequential',
    disablePreGypCopy: true,
    onlyModules: ['keytar'],
  };
}

/** Rebuilds keytar with `rebuild` (@electron/rebuild's); resolves false so electron-builder does not rebuild. */
export async function rebuildKeytar(context, rebuild) {
  if (!context.electronVersion) throw new Error('beforeBuild: electron-builder passed no electronVersion');
  await rebuild(keytarRebuildOptions(context));
  return false;
}

async function electronRebuild() {
  // @electron/rebuild as electron-builder resolves it (a dependency of app-builder-lib; ESM only).
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));
  const { rebuild } = await import(pathToFileURL(fromLib.resolve('@electron/rebuild')).href);
  return rebuild;
}

export default async function beforeBuild(context) {
  return rebuildKeytar(context, await electronRebuild());
}
