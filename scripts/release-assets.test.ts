/**
 * The publish job's check of the release files (scripts/release-assets.mjs), on folders laid out
 * as the three release build jobs leave them, with latest*.yml written the way electron-builder
 * writes them (builder-util serializeToYaml, app-builder-lib out/publish/updateInfoBuilder.js).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { checkReleaseAssets, GITHUB_SAFE_NAME, readUpdateFeed } from './release-assets.mjs';

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { serializeToYaml } = fromBuilder('builder-util') as { serializeToYaml(object: unknown): string };

const SHA = 'x'.repeat(86) + '==';
/** An update feed as electron-builder writes it: files[] with url, then path of the first. */
function feed(version: string, files: string[]): string {
  return serializeToYaml({ version, files: files.map((url) => ({ url, sha512: SHA, size: 1000 })), path: files[0], sha512: SHA, releaseDate: '2026-06-01T12:00:00.000Z' });
}

const MAC = ['Flotilla-0.2.0-mac.zip', 'Flotilla-0.2.0-arm64-mac.zip', 'Flotilla-0.2.0.dmg', 'Flotilla-0.2.0-arm64.dmg'];
const WIN = ['Flotilla-Setup-0.2.0.exe'];
const LINUX = ['Flotilla-0.2.0.AppImage'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'release-assets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function layOut(files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
}
function complete(version = '0.2.0'): Record<string, string> {
  const files: Record<string, string> = {
    'latest-mac.yml': feed(version, MAC),
    'latest.yml': feed(version, WIN),
    'latest-linux.yml': feed(version, LINUX),
    'flotilla_0.2.0_amd64.deb': 'deb',
  };
  for (const name of [...MAC, ...WIN, ...LINUX]) files[name] = 'bin';
  for (const name of [...MAC.filter((n) => n.endsWith('.zip')), ...WIN]) files[`${name}.blockmap`] = 'map';
  return files;
}

describe('release assets', () => {
  test('reads version and file names from a feed electron-builder wrote', () => {
    expect(readUpdateFeed(feed('0.2.0', MAC))).toEqual({ version: '0.2.0', files: MAC });
  });

  test('all three OSes, every feed’s files present: uploads everything, installers, blockmaps and feeds', () => {
    layOut(complete());
    const { files, problems } = checkReleaseAssets(dir, 'v0.2.0');
    expect(problems).toEqual([]);
    expect(files.map((file) => path.basename(file))).toEqual(Object.keys(complete()).sort());
  });

  test('a missing OS (its build failed or did not upload): its feed is missing', () => {
    const files = complete();
    delete files['latest.yml'];
    layOut(files);
    expect(checkReleaseAssets(dir, 'v0.2.0').problems).toEqual([expect.stringMatching(/^latest\.yml is missing/)]);
  });

  // app-builder-lib 26.17: NSIS's default artifactName is "${productName} Setup ${version}.${ext}";
  // GitHub renames spaces, so electron-builder's own publisher uploads under a dashed
  // safeArtifactName and writes that into latest.yml (out/targets/nsis/NsisTarget.js,
  // out/platformPackager.js computeSafeArtifactNameIfNeeded, out/publish/updateInfoBuilder.js).
  // Uploading the file as named on disk would break Windows updates: caught here.
  test('a name GitHub would change, and a feed naming a file that is not there', () => {
    const files = complete();
    delete files['Flotilla-Setup-0.2.0.exe'];
    files['Flotilla Setup 0.2.0.exe'] = 'bin';
    layOut(files);
    expect(checkReleaseAssets(dir, 'v0.2.0').problems).toEqual([
      expect.stringMatching(/^Flotilla Setup 0\.2\.0\.exe: GitHub would rename it/),
      'latest.yml names Flotilla-Setup-0.2.0.exe, which is not among the files',
    ]);
  });

  test('a tag that is not the version built', () => {
    layOut(complete('0.1.9'));
    const { problems } = checkReleaseAssets(dir, 'v0.2.0');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('latest.yml is for version 0.1.9, the tag for 0.2.0: set "version" in package.json to 0.2.0');
    expect(checkReleaseAssets(dir, 'release-2').problems[0]).toBe('the tag "release-2" is not v<version>');
  });

  test('the safe-name rule is electron-builder’s own', () => {
    fromBuilder('app-builder-lib'); // its index first: the module cycle resolves only in that order
    const { computeSafeArtifactNameIfNeeded } = fromBuilder('app-builder-lib/out/platformPackager') as {
      computeSafeArtifactNameIfNeeded(name: string, producer: () => string): string | null;
    };
    for (const name of [...MAC, ...WIN, ...LINUX, 'flotilla_0.2.0_amd64.deb', 'Flotilla Setup 0.2.0.exe', 'Flotilla+1.exe']) {
      expect(GITHUB_SAFE_NAME.test(name), name).toBe(computeSafeArtifactNameIfNeeded(name, () => 'other') === null);
    }
  });
});
