#!/usr/bin/env node
// Runs Doyensec's electronegativity over what Electron loads (the shell, the preload, the page's
// HTML) and fails on any HIGH or MEDIUM finding that security/electronegativity-explained.json
// does not explain. Part of `npm test`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const explained = JSON.parse(readFileSync(path.join(root, 'security/electronegativity-explained.json'), 'utf8'));

// One folder with exactly what Electron runs, so the global checks (CSP, navigation limits,
// permission handler) see the shell and the page together. Tests are left out.
const scan = mkdtempSync(path.join(tmpdir(), 'flotilla-eneg-'));
const notTest = (src) => !/\.test(-d)?\.ts$/.test(src);
cpSync(path.join(root, 'main/shell'), path.join(scan, 'main/shell'), { recursive: true, filter: notTest });
cpSync(path.join(root, 'preload'), path.join(scan, 'preload'), { recursive: true, filter: notTest });
cpSync(path.join(root, 'renderer/index.html'), path.join(scan, 'renderer/index.html'));

const out = path.join(scan, 'findings.csv');
const cli = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js');
const run = spawnSync(process.execPath, [cli, '-i', scan, '-e', electronVersion, '-r', '-v', 'false', '-o', out], { encoding: 'utf8' });
let csv;
try {
  csv = readFileSync(out, 'utf8');
} catch {
  console.error(`electronegativity produced no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
} finally {
  rmSync(scan, { recursive: true, force: true, maxRetries: 2 });
}

/** RFC 4180-ish: quoted cells may hold commas, doubled quotes and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell.trim()), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell.trim());
      if (row.some((v) => v !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell.trim());
  if (row.some((v) => v !== '')) rows.push(row);
  return rows;
}

const findings = parseCsv(csv)
  .slice(1)
  // Paths relative to the scan folder, with / on every OS (electronegativity writes main\shell\... on
  // Windows), as security/electronegativity-explained.json names them.
  .map(([issue = '', severity = '', confidence = '', file = '', location = '', sample = '']) => ({ issue, severity, confidence, file: file.replace(/\\/g, '/'), location, sample }));

let unexplained = 0;
console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} findings`);
for (const f of findings) {
  const why = explained.find((e) => e.issue === f.issue && (!e.file || e.file === f.file))?.why;
  const serious = f.severity === 'HIGH' || f.severity === 'MEDIUM';
  if (serious && !why) unexplained++;
  const mark = !serious ? 'low ' : why ? 'ok  ' : 'FAIL';
  console.log(`  ${mark} ${f.severity.padEnd(13)} ${f.issue} ${f.file}:${f.location}${why ? `\n         explained: ${why}` : serious ? `\n         ${f.sample}` : ''}`);
}
if (unexplained) {
  console.log(`${unexplained} HIGH/MEDIUM finding(s) not explained: fix them, or explain each in security/electronegativity-explained.json.`);
  process.exit(1);
}
console.log('every HIGH and MEDIUM finding is explained.');
