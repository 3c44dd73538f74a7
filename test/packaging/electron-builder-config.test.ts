/**
 * What `npm run dist` would package, checked without building anything (no Electron download, no
 * network): electron-builder.yml loaded and validated by electron-builder's own loader and JSON
 * schema, the targets, the files shipped, the fuses and the icons. The CI workflow's shape is
 * checked in ci-workflow.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { importsOf, sourceFiles } from '../unit/layering';
import { APP_USER_MODEL_ID } from '../../main/shell/app-user-model-id';
import { RELEASES_PAGE } from '../../main/shell/updater';
import { keytarRebuildOptions, rebuildKeytar } from '../../scripts/rebuild-keytar.mjs';
import { GITHUB_SAFE_NAME } from '../../scripts/release-assets.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
// app-builder-lib (electron-builder's engine), as electron-builder resolves it.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib/package.json'));

type Config = Record<string, unknown> & {
  directories?: { output?: string; buildResources?: string };
  files?: unknown;
  asar?: unknown;
  asarUnpack?: unknown;
  extraResources?: unknown;
  electronFuses?: Record<string, boolean>;
  publish?: unknown;
  mac?: PlatformConfig;
  win?: PlatformConfig;
  linux?: PlatformConfig & { maintainer?: string };
};
type TargetEntry = string | { target: string; arch?: string | string[] };
type PlatformConfig = Record<string, unknown> & { target?: TargetEntry | TargetEntry[]; icon?: string };

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
}
const { getConfig, validateConfiguration } = fromLib('./out/util/config/config') as ConfigModule;
const { DebugLogger } = fromLib('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown };

const validate = (config: Config) => validateConfiguration(config, new DebugLogger(false));

/** Each target of a platform with its architectures (electron-builder's default arch: x64). */
function targetsOf(platform: PlatformConfig | undefined): Record<string, string[]> {
  const entries = platform?.target === undefined ? [] : Array.isArray(platform.target) ? platform.target : [platform.target];
  const out: Record<string, string[]> = {};
  for (const entry of entries) {
    if (typeof entry === 'string') out[entry] = ['x64'];
    else out[entry.target] = entry.arch === undefined ? ['x64'] : Array.isArray(entry.arch) ? entry.arch : [entry.arch];
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8).toString('hex'), `${file} is not a PNG`).toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** The image sizes inside an .ico (a 0 byte in the directory means 256). */
function icoSizes(file: string): number[] {
  const data = readFileSync(file);
  expect(data.readUInt16LE(0)).toBe(0);
  expect(data.readUInt16LE(2)).toBe(1); // 1 = icon
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const entry = 6 + i * 16;
    const [width, height] = [data[entry] || 256, data[entry + 1] || 256];
    expect(width).toBe(height);
    return width;
  }).sort((a, b) => a - b);
}

let config: Config;

beforeAll(async () => {
  config = await getConfig(root, null, null);
});

describe('electron-builder.yml', () => {
  // The first validation compiles electron-builder's JSON schema: seconds on a busy machine.
  test('is what electron-builder loads, and passes its schema', async () => {
    expect(config).toMatchObject({ appId: 'dev.flotilla.app', productName: 'Flotilla' });
    expect(config.copyright).toMatch(/Flotilla/);
    await expect(validate(config)).resolves.toBeUndefined();
  }, 60_000);

  // The NSIS installer stamps appId into its shortcuts as their AUMID (app-builder-lib 26.17
  // templates/nsis/include/installer.nsh: WinShell::SetLnkAUMI "$newStartMenuLink" "${APP_ID}";
  // out/targets/nsis/NsisTarget.js: APP_ID: appInfo.id). Windows notifications need the process's
  // AUMID to match (electron docs/tutorial/notifications.md), so the shell sets the same one.
  test('appId is the AppUserModelId the shell sets on Windows', () => {
    expect(config.appId).toBe(APP_USER_MODEL_ID);
  });

  // electron-builder 26.17 takes the Electron version it packages from node_modules/electron's
  // package.json (app-builder-lib/out/electron/electronVersion.js, computeElectronVersion →
  // getElectronVersionFromInstalled), not from the binary, which Electron 42+ no longer downloads at
  // install; and it fetches its own Electron zip for that version to package.
  test('electron-builder packages the installed Electron 45 (no electronVersion pinned here)', async () => {
    expect(config.electronVersion).toBeUndefined();
    const { computeElectronVersion } = fromLib('./out/electron/electronVersion') as { computeElectronVersion(projectDir: string): Promise<string> };
    expect(await computeElectronVersion(root)).toMatch(/^45\.\d+\.\d+$/);
  });

  test('the schema check is real: an unknown key or a misplaced option fails', async () => {
    await expect(validate({ ...config, notAnOption: true })).rejects.toThrow(/notAnOption/);
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } })).rejects.toThrow(/configuration\.electronFuses/);
  });

  test('targets: dmg and zip for x64 and arm64 on macOS, nsis x64 on Windows, AppImage and deb on Linux', () => {
    expect(targetsOf(config.mac)).toEqual({ dmg: ['x64', 'arm64'], zip: ['x64', 'arm64'] });
    expect(config.mac).toMatchObject({ hardenedRuntime: true, category: 'public.app-category.developer-tools' });
    expect(targetsOf(config.win)).toEqual({ nsis: ['x64'] });
    expect(targetsOf(config.linux)).toEqual({ AppImage: ['x64'], deb: ['x64'] });
    expect(config.linux).toMatchObject({ category: 'Development' });
  });

  // Electron docs/api/structures/notification-action.md at v45.0.0-nightly.20260821, "Button
  // support on macOS": the app must be signed and have NSUserNotificationAlertStyle `alert` in its
  // Info.plist, else "the button won't appear". electron-builder 26.17 writes mac.extendInfo into
  // the app's Info.plist (app-builder-lib/out/macPackager.js applyCommonInfo, lines 433-435:
  // deepAssign(appPlist, extendInfo)), called from out/electron/electronMac.js createMacApp.
  test('macOS: Info.plist asks for alert-style notifications, so their buttons can show', async () => {
    expect(config.mac?.extendInfo).toEqual({ NSUserNotificationAlertStyle: 'alert' });
    const { MacPackager } = fromBuilder('app-builder-lib') as {
      MacPackager: { prototype: { applyCommonInfo(plist: Record<string, unknown>, contentsPath: string): Promise<void> } };
    };
    const plist: Record<string, unknown> = { CFBundleExecutable: 'Electron' };
    // The little of a MacPackager applyCommonInfo reads (no icon: that part copies files).
    await MacPackager.prototype.applyCommonInfo.call(
      {
        appInfo: { productFilename: 'Flotilla', productName: 'Flotilla', version: '0.1.0', buildVersion: '0.1.0', copyright: config.copyright },
        platformSpecificBuildOptions: { ...config.mac, icon: undefined },
        config,
        getIconPath: async () => null,
      },
      plist,
      '/nonexistent/Contents',
    );
    expect(plist).toMatchObject({ CFBundleExecutable: 'Flotilla', CFBundleName: 'Flotilla', NSUserNotificationAlertStyle: 'alert' });
  });

  // NSIS's default artifactName is "${productName} Setup ${version}.${ext}" (app-builder-lib 26.17
  // out/targets/nsis/NsisTarget.js); GitHub renames spaces, and the release job uploads files as
  // named on disk, so the installer gets a name GitHub keeps (and latest.yml names the same file).
  test('the Windows installer has a name GitHub keeps as it is', () => {
    const nsis = config.nsis as { artifactName?: string } | undefined;
    const name = nsis?.artifactName?.replace('${productName}', 'Flotilla').replace('${version}', '0.1.0').replace('${ext}', 'exe');
    expect(name).toBe('Flotilla-Setup-0.1.0.exe');
    expect(name).toMatch(GITHUB_SAFE_NAME);
  });

  test('the deb has a maintainer with an email, and package.json says who the author is', () => {
    expect(config.linux?.maintainer).toMatch(/^[^<>]+ <[^@\s]+@[^@\s]+\.[a-z]+>$/);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { author?: { name?: string; email?: string }; homepage?: string };
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    expect(config.linux?.maintainer).toBe(`${pkg.author!.name} <${pkg.author!.email}>`);
    expect(pkg.homepage).toMatch(/^https:\/\//);
  });

  // Wayland/X11 window association (issue 12, defect 14). Electron sets the desktop name from
  // package.json: lib/browser/init.ts at v45.0.0-nightly.20260821 line 140,
  // `app.setDesktopName(packageJson.desktopName || defaultDesktopName(app.name))`; docs/api/app.md
  // `app.setDesktopName`: it is the `app_id` on Wayland and `WM_CLASS` on X11 and must match an
  // installed .desktop file. electron-builder 26.17 (app-builder-lib/out/targets/LinuxTargetHelper.js,
  // computeDesktopEntry) writes StartupWMClass from desktopName, else from productName ("Flotilla",
  // which matches no app_id), and getDesktopFileName names the entry after it with syncDesktopName.
  test('Linux: desktopName flotilla.desktop, and the .desktop entry electron-builder writes matches it', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { description: string };
    expect(pkg.desktopName).toBe('flotilla.desktop');
    expect(config.linux?.syncDesktopName).toBe(true);
    const { LinuxTargetHelper } = fromLib('./out/targets/LinuxTargetHelper') as {
      LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: unknown): Promise<string>; getDesktopFileName(): string };
    };
    // The little of a LinuxPackager the two methods read.
    const helper = new LinuxTargetHelper({
      info: { metadata: pkg },
      appInfo: { productName: 'Flotilla', sanitizedProductName: 'Flotilla', description: pkg.description },
      executableName: 'flotilla',
      platformSpecificBuildOptions: config.linux,
      config,
      fileAssociations: [],
    });
    const entry = await helper.computeDesktopEntry(config.linux);
    expect(entry).toMatch(/^StartupWMClass=flotilla$/m);
    expect(entry).toMatch(/^Name=Flotilla$/m);
    expect(helper.getDesktopFileName()).toBe('flotilla');
  });

  test('ships only dist/ and package.json (plus production node_modules, which electron-builder adds)', () => {
    // electron-builder's loader normalises the list into one file set.
    expect(config.files).toEqual([{ filter: ['dist/**/*', 'package.json'] }]);
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
    expect(config.extraResources).toEqual([{ from: 'projects', to: 'projects', filter: ['*.sh', '*.sh.njk', '*.env'] }]);
  });

  test('everything the app runs from is built under dist/', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/shell/index.mjs');
    const build = readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
    const outfiles = [...build.matchAll(/outfile:\s*'([^']+)'/g)].map((m) => m[1]);
    expect(outfiles).toEqual(expect.arrayContaining(['dist/shell/index.mjs', 'dist/preload/index.cjs']));
    for (const outfile of outfiles) expect(outfile).toMatch(/^dist\//);
    expect(readFileSync(path.join(root, 'vite.config.ts'), 'utf8')).toMatch(/outDir: here\('\.\/dist\/renderer'\)/);
    // The shell keeps node_modules (electron-updater, keytar, ...) external: they ship as dependencies.
    expect(build).toMatch(/entryPoints: \['main\/shell\/index\.ts'\][^\n]*packages: 'external'/);
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
    expect(pkg.scripts['dist:dir']).toBe('npm run build && electron-builder --dir');
  });

  test('app.asar, with keytar’s native module unpacked next to it and rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/keytar/**/*.node']);
    expect(config.npmRebuild).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['keytar', 'electron-updater']));
  });

  // Only keytar is rebuilt: electron-builder's own rebuild (app-builder-lib 26.17 out/util/yarn.js
  // `rebuild`) passes @electron/rebuild no module list, so it also compiles ssh2's optional
  // cpu-features (NAN), which fails against Electron's headers and fails `npm run dist`.
  // out/packager.js installAppDependencies: `npmRebuild: false` returns before beforeBuild runs; a
  // beforeBuild resolving to false skips the rebuild ("Works when npmRebuild is set to true.
  // Resolving to false will skip dependencies install or rebuild", out/configuration.d.ts).
  // @electron/rebuild's `onlyModules`: "**Only** these modules will be rebuilt" (lib/rebuild.d.ts).
  test('native rebuild: keytar only, through the beforeBuild hook, with electron-builder’s own rebuild skipped', async () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.beforeBuild).toBe('./scripts/rebuild-keytar.mjs');
    const { resolveFunction } = fromLib('./out/util/resolve') as {
      resolveFunction(type: unknown, executor: unknown, name: string, root: string): Promise<unknown>;
    };
    const cwd = process.cwd();
    process.chdir(root); // electron-builder resolves a ./ hook path against the project directory it runs in
    let hook: unknown;
    try {
      hook = await resolveFunction(undefined, config.beforeBuild, 'beforeBuild', root);
    } finally {
      process.chdir(cwd);
    }
    expect(typeof hook).toBe('function');

    const context = { appDir: '/app', electronVersion: '45.5.0', platform: { nodeName: 'win32' as const }, arch: 'x64' };
    const calls: unknown[] = [];
    await expect(rebuildKeytar(context, async (options) => void calls.push(options))).resolves.toBe(false);
    expect(calls).toEqual([keytarRebuildOptions(context)]);
    expect(keytarRebuildOptions(context)).toMatchObject({
      buildPath: '/app',
      electronVersion: '45.5.0',
      platform: 'win32',
      arch: 'x64',
      onlyModules: ['keytar'],
    });
  });

  // grantFileProtocolExtraPrivileges: electron docs/tutorial/fuses.md (v40.10.2) "If you aren't
  // serving pages from file://, you should disable this fuse" (@electron/fuses
  // FuseV1Options.GrantFileProtocolExtraPrivileges = 7, node_modules/@electron/fuses/dist/config.d.ts);
  // electron-builder 26.17 maps the key (app-builder-lib/out/platformPackager.js generateFuseConfig).
  // The page is served from app://flotilla/ (main/shell/app-protocol.ts), so file:// gets nothing extra.
  test('the fuses: no run-as-node, NODE_OPTIONS or --inspect; encrypted cookies; only a validated app.asar; no file:// privileges', () => {
    expect(config.electronFuses).toEqual({
      grantFileProtocolExtraPrivileges: false,
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      resetAdHocDarwinSignature: true,
    });
  });

  test('electron-builder turns them into these @electron/fuses wires', async () => {
    const { PlatformPackager } = fromBuilder('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
    };
    const { FuseV1Options, FuseVersion } = fromLib('@electron/fuses') as {
      FuseV1Options: Record<string, number>;
      FuseVersion: Record<string, string>;
    };
    const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    expect(wires).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: true,
      [FuseV1Options.RunAsNode!]: false,
      [FuseV1Options.EnableCookieEncryption!]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable!]: false,
      [FuseV1Options.EnableNodeCliInspectArguments!]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]: true,
      [FuseV1Options.OnlyLoadAppFromAsar!]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges!]: false,
    });
    expect(FuseV1Options.GrantFileProtocolExtraPrivileges).toBe(7);
  });

  test('publishes to GitHub releases (as drafts), where electron-updater looks', () => {
    expect(config.publish).toEqual({ provider: 'github', owner: 'flotilla-dev', repo: 'flotilla', releaseType: 'draft' });
  });

  test('the releases page the updater points to (when it cannot update) is the one electron-builder publishes to', () => {
    const { owner, repo } = config.publish as { owner: string; repo: string };
    expect(RELEASES_PAGE).toBe(`https://github.com/${owner}/${repo}/releases`);
  });

  test('electron-updater is imported by the shell only', () => {
    const importers = ['main', 'preload', 'renderer/src']
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .filter((file) => importsOf(readFileSync(file, 'utf8')).includes('electron-updater'))
      .map((file) => path.relative(root, file).split(path.sep).join('/'));
    expect(importers).toEqual(['main/shell/updater.ts']);
  });
});

describe('icons', () => {
  const build = path.join(root, 'build');

  test('build/icon.svg is the source; build/icon.png is 1024x1024 (macOS makes its .icns from it)', () => {
    expect(readFileSync(path.join(build, 'icon.svg'), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
    expect(pngSize(path.join(build, 'icon.png'))).toEqual({ width: 1024, height: 1024 });
    expect(config.mac?.icon).toBe('icon.png');
  });

  test.each([16, 24, 32, 48, 64, 128, 256, 512, 1024])('build/icons/%ix%i.png (Linux)', (size) => {
    expect(pngSize(path.join(build, 'icons', `${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  test('build/icon.ico holds 16 to 256 (Windows)', () => {
    expect(icoSizes(path.join(build, 'icon.ico'))).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(config.win?.icon).toBe('icon.ico');
    expect(config.linux?.icon).toBe('icons');
  });
});
