import { vi } from 'vitest';
import { ok } from '@contract/errors';
import { fleetOf, instance } from '../features/instances/fixtures.test-helpers';
import { createFakeClient } from '../test/fake-client';
import { createAppStore } from './app-store';
import { connectHashRoute, formatRoute, parseRoute } from './hash-route';

const ID = 'i-0123456789abcdef0';
const OTHER = 'i-0fedcba9876543210';

describe('hash routes', () => {
  let stop: () => void = () => {};
  afterEach(() => {
    stop();
    window.history.replaceState(null, '', '/');
  });

  test('reads and writes a page and an open instance', () => {
    expect(parseRoute('#/instances/' + ID)).toEqual({ page: 'instances', instanceId: ID });
    expect(parseRoute('#/revisions')).toEqual({ page: 'revisions', instanceId: null });
    for (const bad of ['', '#token=abc', '#/nowhere', '#/projects/' + ID, '#/instances/not-an-id', '#/instances/' + ID + '/x']) expect(parseRoute(bad)).toBeNull();
    expect(formatRoute({ page: 'instances', instanceId: ID })).toBe('#/instances/' + ID);
    expect(formatRoute({ page: 'settings', instanceId: null })).toBe('#/settings');
  });

  test('shows the route of the URL from the start, and writes the current one when there is none', () => {
    window.history.replaceState(null, '', '/#/instances/' + ID);
    const store = createAppStore(createFakeClient().client);
    stop = connectHashRoute(store);
    expect(store.getState().ui.page).toBe('instances');
    expect(store.getState().instances.selectedId).toBe(ID);
    expect(store.getState().instances.revealSeq).toBe(1);
    stop();

    window.history.replaceState(null, '', '/');
    const fresh = createAppStore(createFakeClient().client);
    stop = connectHashRoute(fresh);
    expect(window.location.hash).toBe('#/projects');
  });

  test('pushes an entry per page and per opened instance, replaces while moving between instances, and follows Back', async () => {
    const fake = createFakeClient();
    Object.assign(fake.api.instances, { list: vi.fn(async () => ok(fleetOf([instance({ id: ID }), instance({ id: OTHER })]))) });
    const store = createAppStore(fake.client);
    stop = connectHashRoute(store);
    const length = window.history.length;
    store.getState().ui.showPage('instances');
    await store.getState().instances.load();
    store.getState().instances.select(ID);
    expect(window.location.hash).toBe('#/instances/' + ID);
    store.getState().instances.select(OTHER);
    expect(window.location.hash).toBe('#/instances/' + OTHER);
    expect(window.history.length).toBe(length + 2);

    // Back: the Instances page with nothing open.
    window.history.replaceState(null, '', '/#/instances');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(store.getState().instances.selectedId).toBeNull();
    window.history.replaceState(null, '', '/#/revisions');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(store.getState().ui.page).toBe('revisions');
    expect(window.history.length).toBe(length + 2);

    // A route to an instance the fleet does not have opens nothing, and the URL says so.
    window.history.replaceState(null, '', '/#/instances/i-0000000000000dead');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(store.getState().ui.page).toBe('instances');
    expect(store.getState().instances.selectedId).toBeNull();
    expect(window.location.hash).toBe('#/instances');
  });
});
