import { ProjectsPage } from '../../pages/projects-page';
import { withOtherApp } from '../../support/other-app';
import { expect, test } from './serve-fixture';

/**
 * Regression guard (this holds): where the token goes once the printed URL is opened. It leaves
 * the address bar, is in no title and no request URL, goes out as a header only to this origin's
 * /api/ calls and as a subprotocol only to its own /events socket, is in no Referer when the page
 * navigates away, and `flotilla serve` prints it once (the URL to open) and never in a log line.
 */
const tokenOf = (url: string) => /token=([A-Za-z0-9_-]+)/.exec(url)![1]!;

test('the token leaves no trail: address bar, title, request URLs, headers to others, Referer, server log', async ({ page, served }) => {
  const token = tokenOf(served.url);
  const origin = new URL(served.url).origin;
  const requests: { url: string; authorization: string | undefined }[] = [];
  const sockets: string[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
  page.on('websocket', (ws) => sockets.push(ws.url()));

  const projects = new ProjectsPage(page);
  await projects.open(served.url);
  await expect(projects.row('valid').first()).toBeVisible();

  expect(page.url()).not.toContain(token);
  expect(await page.title()).not.toContain(token);
  for (const { url, authorization } of requests) {
    expect(url).not.toContain(token);
    if (authorization !== undefined) {
      expect(new URL(url).origin).toBe(origin);
      expect(new URL(url).pathname.startsWith('/api/')).toBe(true);
    }
  }
  expect(requests.some((r) => r.authorization === `Bearer ${token}`)).toBe(true);
  for (const url of sockets) expect(url).toBe(`${origin.replace(/^http/, 'ws')}/events`);

  // The page navigates elsewhere (a link, a redirect): no Referer at all.
  await withOtherApp(async (other) => {
    await page.evaluate((to) => (window.location.href = to), `${other.origin}/landing`);
    await page.waitForURL(`${other.origin}/landing`);
    expect(other.seen.length).toBeGreaterThanOrEqual(1);
    // The navigation itself carries none; later requests (a favicon) name the landing page only.
    expect(other.seen[0]!.headers.referer).toBeUndefined();
    for (const { headers } of other.seen) {
      expect(String(headers.referer ?? '')).not.toContain(origin);
      expect(JSON.stringify(headers)).not.toContain(token);
    }
  });

  // A wrong-token call and a refused socket are logged without the token that was presented.
  await page.goto(`${origin}/`);
  await page.evaluate(async (t) => {
    await fetch('/api/projects.list', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}x` }, body: '{}' });
    await new Promise((resolve) => {
      const ws = new WebSocket(`ws://${location.host}/nowhere`, ['flotilla.v1', `token.${t}`]);
      ws.onerror = ws.onclose = resolve;
    });
  }, token);
  const output = served.output();
  expect(output.split(token).length - 1, output).toBe(1);
  expect(output).toContain(`Open: ${served.url}`);
});
