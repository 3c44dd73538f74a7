import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProjectsPage } from '../../pages/projects-page';
import { expect, repoRoot, test } from './serve-fixture';

/** The shipped examples, read from disk so the spec follows them. */
const shipped = readdirSync(path.join(repoRoot, 'projects'))
  .filter((f) => /^[^.]+\.sh(\.njk)?$/.test(f))
  .map((file) => ({ file, id: file.split('.')[0]!, name: /fleeting-meta:name\s*=\s*(.+)/.exec(readFileSync(path.join(repoRoot, 'projects', file), 'utf8'))![1]!.trim() }));

test('the app opens and lists the shipped projects as valid', async ({ page, served }) => {
  expect(shipped.length).toBeGreaterThanOrEqual(3);
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  await expect(page).toHaveTitle(/Flotilla/);
  for (const { id, name } of shipped) {
    await expect(projects.row(id).first()).toContainText(name);
    await expect(projects.row(id).first()).toContainText(/valid/i);
  }
});

test('previewing a branch shows the rendered user-data with the branch quoted', async ({ page, served }) => {
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  const first = shipped[0]!;
  await projects.select(first.id);
  await expect(page.getByRole('heading', { name: first.name })).toBeVisible();
  await projects.preview('octocat', 'feature/login-form');
  await expect(projects.userData).toContainText('#!/bin/bash');
  await expect(projects.userData).toContainText("'feature/login-form'");
  await expect(projects.userData).toContainText(/16\s?384/);
});

test('a broken project is listed with its errors at file:line, and the others still work', async ({ page, served }) => {
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  await expect(projects.row('butter').first()).toContainText(/error/i);
  await projects.select('butter');
  await expect(page.getByText("projects/butter.sh:3: image-id 'ami-2bb7d44' is not an AMI id")).toBeVisible();
  await expect(page.getByText(/projects\/butter\.sh:\d+: .*did you mean 'ready-url'/)).toBeVisible();
  await projects.select('syntax');
  await expect(page.getByText(/projects\/syntax\.sh\.njk:\d+: /).first()).toBeVisible();
  for (const { id } of shipped) await expect(projects.row(id).first()).toContainText(/valid/i);
});

test('an injected branch name is refused before anything renders', async ({ page, served }) => {
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  await projects.select(shipped[0]!.id);
  rmSync('/tmp/pwned', { force: true });
  await projects.preview('octocat', 'x$(touch /tmp/pwned)');
  await expect(projects.alert()).toContainText("'$'");
  await expect(projects.userData).toHaveCount(0);
  await projects.preview('octocat', 'a;reboot');
  await expect(projects.alert()).toContainText("';'");
  expect(existsSync('/tmp/pwned')).toBe(false);
});

test('the list follows changes to the projects folder without a reload', async ({ page, served }) => {
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  const source = readFileSync(path.join(repoRoot, 'projects', shipped[0]!.file), 'utf8');
  writeFileSync(path.join(served.projectsDir, 'hot-reload.sh'), source.replace(/fleeting-meta:name\s*=.*/, 'fleeting-meta:name = Hot reloaded'));
  await expect(projects.row('hot-reload').first()).toContainText('Hot reloaded');
  rmSync(path.join(served.projectsDir, 'hot-reload.sh'));
  await expect(projects.row('hot-reload')).toHaveCount(0);
});

test('without the token the page says to open the printed URL, and the server refuses its calls', async ({ page, served }) => {
  const refused: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/')) refused.push(response.status());
  });
  await page.goto(new URL(served.url).origin + '/');
  await expect(page.getByRole('alert')).toContainText('Open the URL that flotilla serve printed');
  await expect(page.getByRole('alert').locator('code').first()).toHaveText('flotilla serve');
  const call = await page.evaluate(async () => (await fetch('/api/projects.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
  expect(call).toBe(403);
  expect(refused.every((status) => status === 403)).toBe(true);
});

test('the token leaves the address bar, and a reload keeps working', async ({ page, served }) => {
  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  expect(page.url()).not.toContain('token');
  await page.reload();
  await expect(projects.row(shipped[0]!.id).first()).toContainText(/valid/i);
});
