// Checks the installers the release build jobs left in one folder before the publish job uploads
// them to the draft GitHub release (.github/workflows/ci.yml), and prints their paths, one a line.
// Fails (exit 1, with every problem) when:
//   - a file name is not one GitHub keeps as it is (GitHub renames others, e.g. spaces become dots,
//     and electron-updater would then ask for a name that is not there; app-builder-lib 26.17
//     out/platformPackager.js isSafeGithubName: /^[0-9A-Za-z._-]+$/),
//   - an OS's latest*.yml (what electron-updater reads) is missing, is for another version than
//     the tag, or names a file that is not in the folder.
// Usage: node scripts/release-assets.mjs <folder> <tag, e.g. v0.2.0>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The names GitHub keeps unchanged for a release asset. */
export const GITHUB_SAFE_NAME = /^[0-9A-Za-z._-]+$/;
/** electron-updater's feed per OS: Windows (NSIS), macOS (zip), Linux (AppImage). */
export const UPDATE_FEEDS = ['latest.yml', 'latest-mac.yml', 'latest-linux.yml'];

const unquote = (value) => value.trim().replace(/^(['"])(.*)\1$/, '$2');

/** The version and the file names (`url:` and `path:` entries) of an electron-builder latest*.yml. */
export function readUpdateFeed(text) {
  const version = /^version:\s*(.+)$/m.exec(text)?.[1];
  const files = [...text.matchAll(/^\s*(?:-\s+)?(?:url|path):\s*(.+)$/gm)].map((match) => unquote(match[1]));
  return { version: version === undefined ? null : unquote(version), files: [...new Set(files)] };
}

/** The files to upload from `dir`, and what is wrong with them for `tag`. */
export function checkReleaseAssets(dir, tag) {
  const names = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .sort();
  const problems = [];
  if (!/^v\d+\.\d+\.\d+/.test(tag)) problems.push(`the tag ${JSON.stringify(tag)} is not v<version>`);
  const version = tag.replace(/^v/, '');
  for (const name of names) {
    if (!GITHUB_SAFE_NAME.test(name)) problems.push(`${name}: GitHub would rename it (only letters, digits, ".", "_" and "-" are kept); give it a safe artifactName in electron-builder.yml`);
  }
  for (const feed of UPDATE_FEEDS) {
    if (!names.includes(feed)) {
      problems.push(`${feed} is missing: that OS's build did not produce or upload it, and its installed apps would find no update`);
      continue;
    }
    const { version: feedVersion, files } = readUpdateFeed(readFileSync(path.join(dir, feed), 'utf8'));
    if (feedVersion !== version) problems.push(`${feed} is for version ${feedVersion}, the tag for ${version}: set "version" in package.json to ${version}`);
    if (files.length === 0) problems.push(`${feed} names no file`);
    for (const file of files) if (!names.includes(file)) problems.push(`${feed} names ${file}, which is not among the files`);
  }
  return { files: names.map((name) => path.join(dir, name)), problems };
}

function main() {
  const [dir, tag] = process.argv.slice(2);
  if (!dir || !tag) {
    console.error('usage: node scripts/release-assets.mjs <folder> <tag>');
    process.exit(2);
  }
  const { files, problems } = checkReleaseAssets(dir, tag);
  if (files.length === 0) problems.push(`no files in ${dir}`);
  if (problems.length > 0) {
    console.error(`release assets in ${dir} for ${tag}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    process.exit(1);
  }
  console.log(files.join('\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
