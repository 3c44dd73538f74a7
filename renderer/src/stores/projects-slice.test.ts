import { fail, ok, type Result } from '@contract/errors';
import type { ProjectDetail, ProjectSummary } from '@contract/projects/dto';
import { createFakeClient, deferred } from '../test/fake-client';
import { butter, details, jam, previewOf, toast } from '../test/fixtures';
import { createAppStore } from './app-store';
import { problemTexts, selectDetail, selectSelectedSummary } from './projects-slice';
import { subscribeEvents } from './subscribe-events';

function setup() {
  const fake = createFakeClient();
  const store = createAppStore(fake.client);
  return { fake, store, projects: () => store.getState().projects };
}

describe('projects slice', () => {
  test('starts empty and loads the list', async () => {
    const { store, projects } = setup();
    expect(projects()).toMatchObject({ list: [], loaded: false, loading: false, selectedId: null });
    const loading = projects().load();
    expect(projects().loading).toBe(true);
    await loading;
    expect(projects()).toMatchObject({ list: [butter, jam, toast], loaded: true, loading: false, error: null });
    expect(selectSelectedSummary(store.getState())).toBeNull();
  });

  test('fetches details for other pages once each, keeps a failure, and forgets them when the projects change', async () => {
    const { fake, projects } = setup();
    await projects().load();
    const answer = deferred<Result<ProjectDetail>>();
    fake.api.projects.get.mockReturnValueOnce(answer.promise);
    const first = projects().fetchDetails(['jam', 'butter', 'nope']);
    // Asked again while on their way: not asked twice.
    await projects().fetchDetails(['jam', 'butter']);
    answer.resolve(ok(details.jam!));
    await first;
    expect(fake.api.projects.get).toHaveBeenCalledTimes(3);
    expect(projects().known.jam).toEqual({ detail: details.jam, error: null });
    expect(projects().known.butter?.detail).toEqual(details.butter);
    expect(projects().known.nope).toMatchObject({ detail: null, error: { code: 'not-found' } });
    await projects().fetchDetails(['jam', 'nope']);
    expect(fake.api.projects.get).toHaveBeenCalledTimes(3);

    // The files changed: what was fetched may be stale, and an answer for the old files is dropped.
    const late = deferred<Result<ProjectDetail>>();
    fake.api.projects.get.mockReturnValueOnce(late.promise);
    const pending = projects().fetchDetails(['toast']);
    projects().applyChanged([butter, jam]);
    expect(projects().known).toEqual({});
    late.resolve(ok(details.toast!));
    await pending;
    expect(projects().known).toEqual({});
  });

  test('keeps the error of a failed load', async () => {
    const { fake, projects } = setup();
    fake.api.projects.list.mockResolvedValueOnce(fail('unavailable', 'disk gone'));
    await projects().load();
    expect(projects()).toMatchObject({ loaded: false, loading: false, error: { code: 'unavailable', message: 'disk gone' } });
  });

  test('selects a project and loads its detail; null clears', async () => {
    const { store, projects } = setup();
    await projects().load();
    await projects().select('jam');
    expect(selectSelectedSummary(store.getState())).toBe(jam);
    expect(selectDetail(store.getState())).toEqual(details.jam);
    await projects().select(null);
    expect(projects()).toMatchObject({ selectedId: null, detail: null });
  });

  test('ignores a detail that answers after another project was selected', async () => {
    const { fake, store, projects } = setup();
    await projects().load();
    const slow = deferred<Result<ProjectDetail>>();
    fake.api.projects.get.mockReturnValueOnce(slow.promise);
    const first = projects().select('jam');
    await projects().select('toast');
    slow.resolve(ok(details.jam!));
    await first;
    expect(selectDetail(store.getState())?.id).toBe('toast');
  });

  test('previews the selected project and resets the preview on a new selection', async () => {
    const { fake, projects } = setup();
    await projects().load();
    await projects().select('butter');
    await projects().runPreview({ gitUser: 'ada', gitBranch: 'main' });
    expect(fake.api.projects.preview).toHaveBeenCalledWith({ id: 'butter', gitUser: 'ada', gitBranch: 'main' });
    expect(projects().preview).toMatchObject({ status: 'done', id: 'butter', stale: false });

    await projects().select('jam');
    expect(projects().preview).toEqual({ status: 'idle' });
  });

  test('drops a preview that answers after the selection changed', async () => {
    const { fake, projects } = setup();
    await projects().load();
    await projects().select('butter');
    const slow = deferred<Awaited<ReturnType<typeof fake.api.projects.preview>>>();
    fake.api.projects.preview.mockReturnValueOnce(slow.promise);
    const running = projects().runPreview({ gitUser: 'ada', gitBranch: 'main' });
    await projects().select('jam');
    slow.resolve(ok(previewOf('echo\n')));
    await running;
    expect(projects().preview).toEqual({ status: 'idle' });
  });

  test('an event that arrives while the list loads wins over the older answer', async () => {
    const { fake, projects } = setup();
    const slow = deferred<Result<ProjectSummary[]>>();
    fake.api.projects.list.mockReturnValueOnce(slow.promise);
    const loading = projects().load();
    projects().applyChanged([toast]);
    slow.resolve(ok([butter, jam, toast]));
    await loading;
    expect(projects().list).toEqual([toast]);
  });

  test('an event refreshes the selected detail and marks its preview stale', async () => {
    const { fake, projects } = setup();
    await projects().load();
    await projects().select('jam');
    await projects().runPreview({ gitUser: 'ada', gitBranch: 'main' });
    fake.api.projects.get.mockClear();

    projects().applyChanged([butter, jam]);
    expect(fake.api.projects.get).toHaveBeenCalledWith({ id: 'jam' });
    expect(projects().preview).toMatchObject({ status: 'done', stale: true });
  });

  test('an event without the selected project clears the selection', async () => {
    const { fake, projects } = setup();
    await projects().load();
    await projects().select('jam');
    fake.api.projects.get.mockClear();
    projects().applyChanged([butter]);
    expect(projects()).toMatchObject({ selectedId: null, detail: null, preview: { status: 'idle' } });
    expect(fake.api.projects.get).not.toHaveBeenCalled();
  });
});

describe('subscribeEvents', () => {
  test('feeds projects.changed into the store until unsubscribed', async () => {
    const { fake, store, projects } = setup();
    await projects().load();
    const unsubscribe = subscribeEvents(fake.client, store);
    fake.emit('projects.changed', { projects: [jam] });
    expect(projects().list).toEqual([jam]);
    unsubscribe();
    expect(fake.listenerCount('projects.changed')).toBe(0);
    fake.emit('projects.changed', { projects: [] });
    expect(projects().list).toEqual([jam]);
  });
});

describe('problemTexts', () => {
  test('reads the problem texts of an invalid-input error', () => {
    expect(problemTexts({ code: 'internal', message: 'x' })).toEqual([]);
    expect(
      problemTexts({
        code: 'invalid-input',
        message: 'refused',
        data: { problems: [{ message: 'bad', text: 'branch:1: bad' }, { message: 'plain', text: 'plain' }] },
      }),
    ).toEqual(['branch:1: bad', 'plain']);
  });
});
