import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createEventBus } from '../core/event-bus';
import { call, serveForSuite, testCore } from './serve.test-helpers';

describe('browser-mode server', () => {
  const events = createEventBus(() => undefined);
  const server = serveForSuite({ core: testCore(events), files: { 'index.html': '<!doctype html><title>Flotilla</title>', 'assets/app.js': 'console.log(1)' } });
  const bearer = () => `Bearer ${server.token}`;
  const json = { 'content-type': 'application/json' };
  /** The events socket's credential: our subprotocol plus the token's. */
  const protocols = () => ['flotilla.v1', `token.${server.token}`];

  beforeAll(() => {
    writeFileSync(path.join(tmpdir(), 'outside-secret.txt'), 'secret');
  });

  test('listens on 127.0.0.1 and prints a URL carrying the token in its fragment', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{32}$`));
  });

  test('the app shell needs no token (it holds no secret); calls do', async () => {
    expect((await call(server, '/')).status).toBe(200);
    expect((await call(server, '/assets/app.js')).status).toBe(200);
    expect((await call(server, '/api/projects.list', { method: 'POST', headers: json, body: '{}' })).status).toBe(403);
  });

  test('a wrong token: 403', async () => {
    expect((await call(server, '/?token=nope')).status).toBe(403);
    expect((await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, authorization: 'Bearer nope' }, body: '{}' })).status).toBe(403);
  });

  test('the page, with a CSP header', async () => {
    const answer = await call(server, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>Flotilla</title>');
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  test('HEAD answers the headers only', async () => {
    const answer = await call(server, '/assets/app.js', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(answer.body).toBe('');
    expect((await call(server, '/')).status).toBe(200);
  });

  test('a foreign Host (DNS rebinding) is refused even with the token', async () => {
    const answer = await call(server, '/', { headers: { host: `evil.example:${server.port}` } });
    expect(answer.status).toBe(403);
    expect((await call(server, '/', { headers: { host: `localhost:${server.port}` } })).status).toBe(403);
    const call403 = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, authorization: bearer(), host: `localhost:${server.port}` }, body: '{}' });
    expect(call403.status).toBe(403);
  });

  test('a foreign Origin is refused even with the token', async () => {
    const answer = await call(server, '/api/projects.list', {
      method: 'POST',
      headers: { ...json, authorization: bearer(), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(answer.status).toBe(403);
  });

  test('calls answer Results, validated at the boundary', async () => {
    const ok = await call(server, '/api/projects.list', { method: 'POST', headers: { ...json, authorization: bearer(), origin: server.origin }, body: '{}' });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: [] });
    const bad = await call(server, '/api/projects.get', { method: 'POST', headers: { ...json, authorization: bearer() }, body: '{"id":7}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'bad-request', data: { field: 'id' } } });
  });

  test('calls must be JSON POSTs (no form-post CSRF)', async () => {
    expect((await call(server, '/api/projects.list', { headers: { authorization: bearer() } })).status).toBe(405);
    const form = await call(server, '/api/projects.list', {
      method: 'POST',
      headers: { authorization: bearer(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });

  test('never serves a file outside the renderer folder', async () => {
    for (const p of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt']) {
      const answer = await call(server, p);
      expect(answer.body).not.toContain('secret');
    }
  });

  test('events reach an authorised WebSocket; an unauthorised one is refused', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events`);
    await expect(new Promise((_, reject) => refused.on('error', reject))).rejects.toThrow(/403/);

    const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/events`, protocols(), { origin: 'http://evil.example' });
    await expect(new Promise((_, reject) => foreign.on('error', reject))).rejects.toThrow(/403/);

    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`, protocols(), { origin: server.origin });
    await new Promise((resolve) => socket.on('open', resolve));
    const message = new Promise<string>((resolve) => socket.on('message', (data) => resolve(String(data))));
    events.emit('projects.changed', { projects: [] });
    expect(JSON.parse(await message)).toEqual({ event: 'projects.changed', payload: { projects: [] } });
    socket.close();
  });
});
