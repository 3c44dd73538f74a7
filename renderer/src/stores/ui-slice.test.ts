import { createFakeClient } from '../test/fake-client';
import { appInfo } from '../test/fixtures';
import { selectAppInfo } from './app-slice';
import { createAppStore } from './app-store';
import { selectPage } from './ui-slice';

describe('ui and app slices', () => {
  test('starts on Projects and switches pages', () => {
    const store = createAppStore(createFakeClient().client);
    expect(selectPage(store.getState())).toBe('projects');
    store.getState().ui.showPage('revisions');
    expect(selectPage(store.getState())).toBe('revisions');
  });

  test('each store is fresh', () => {
    const store = createAppStore(createFakeClient().client);
    expect(selectPage(store.getState())).toBe('projects');
  });

  test('loads app.info', async () => {
    const store = createAppStore(createFakeClient().client);
    await store.getState().app.loadInfo();
    expect(selectAppInfo(store.getState())).toEqual(appInfo);
  });
});
