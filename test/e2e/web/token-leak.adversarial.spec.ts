import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProjectsPage } from '../../pages/projects-page';
import { withOtherApp } from '../../support/other-app';
import { expect, repoRoot, test } from './serve-fixture';

/**
 * Standing adversarial spec: another web app on 127.0.0.1 (another port, so another origin but
 * the same cookie host) must never receive Flotilla's credential from the browser, and cannot lock
 * the real UI out by planting cookies.
 */

const tokenOf = (url: string) => /token=([A-Za-z0-9_-]+)/.exec(url)![1]!;
/** A shipped project to copy under another name. */
const shippedFile = readdirSync(path.join(repoRoot, 'projects')).find((f) => /^[^.]+\.sh(\.njk)?$/.test(f))!;

test('another app on 127.0.0.1 receives no Flotilla credential in any header', async ({ page, context, served }) => {
  await withOtherApp(async (other) => {
    const projects = new ProjectsPage(page);
    await projects.open(served.url);
    await expect(projects.row('valid').first()).toBeVisible();
    const token = tokenOf(served.url);

    // The other app's page, in the same browser: navigations, fetches and a WebSocket-looking path.
    const evil = await context.newPage();
    await evil.goto(other.origin + '/');
    await evil.goto(other.origin + '/events');
    await evil.evaluate(async () => {
      await fetch('/api/projects.list', { method: 'POST', body: '{}', credentials: 'include' });
      await fetch('/', { credentials: 'include' });
    });
    await evil.close();

    expect(other.seen.length).toBeGreaterThanOrEqual(4);
    for (const { url, headers } of other.seen) {
      expect(url).not.toContain(token);
      expect(JSON.stringify(headers)).not.toContain(token);
      expect(String(headers.cookie ?? '')).not.toContain('flotilla');
      expect(headers.authorization).toBeUndefined();
    }
  });
});

test('cookies planted by another app on 127.0.0.1 neither lock the UI out nor stop the server', async ({ page, context, served }) => {
  await withOtherApp(async (other) => {
    const projects = new ProjectsPage(page);
    await projects.open(served.url);
    await expect(projects.row('valid').first()).toBeVisible();

    const evil = await context.newPage();
    await evil.goto(other.origin + '/');
    await evil.evaluate(() => {
      // Cookies ignore ports: these land on Flotilla's origin too.
      document.cookie = 'flotilla_token=evil; path=/';
      document.cookie = 'flotilla_token=evil2; path=/api';
      document.cookie = 'flotilla_token=%E0%A4%A; path=/events';
      document.cookie = 'flotilla_token=%E0; path=/api/projects.list';
    });
    await evil.close();

    // The same tab reloads (the token survives the reload) and keeps working: calls and events.
    await page.reload();
    await expect(projects.list).toBeVisible();
    await expect(projects.row('valid').first()).toBeVisible();
    const shipped = readFileSync(path.join(repoRoot, 'projects', shippedFile), 'utf8');
    writeFileSync(path.join(served.projectsDir, 'planted-cookie.sh.njk'), shipped.replace(/fleeting-meta:name\s*=.*/, 'fleeting-meta:name = Still listening'));
    await expect(projects.row('planted-cookie').first()).toContainText('Still listening');
    rmSync(path.join(served.projectsDir, 'planted-cookie.sh.njk'));
  });
});
