import { fail, ok, type ContractError, type Result } from '@contract/errors';
import { createFakeClient, deferred } from '../test/fake-client';
import { createAppStore } from './app-store';
import { latestAnswer, loadLatest, runAction, slicePatch, type ActionState, type LoadState } from './slice-kit';

describe('slicePatch', () => {
  test('replaces one slice with a changed copy and leaves the others as they were', () => {
    const store = createAppStore(createFakeClient().client);
    const before = store.getState();
    slicePatch(store.setState, 'ui')({ page: 'settings' });
    const after = store.getState();
    expect(after.ui.page).toBe('settings');
    expect(after.ui).not.toBe(before.ui);
    expect(before.ui.page).toBe('projects');
    expect(after.ui.showPage).toBe(before.ui.showPage);
    expect(after.projects).toBe(before.projects);
  });
});

describe('latestAnswer', () => {
  test('lets only the latest request land; drop() makes every request under way stale', () => {
    const guard = latestAnswer();
    const first = guard.begin();
    const second = guard.begin();
    expect([first(), second()]).toEqual([false, true]);
    guard.drop();
    expect(second()).toBe(false);
    expect(guard.begin()()).toBe(true);
  });
});

describe('runAction', () => {
  type State = ActionState<'save'> & { message: string | null };
  const recorder = () => {
    const state: State = { busy: null, actionError: null, message: 'old' };
    const seen: Array<Partial<State>> = [];
    return { state, seen, patch: (changes: Partial<State>) => (seen.push(changes), Object.assign(state, changes)) };
  };

  test('is busy while the call runs, then answers its value and sets what `done` says', async () => {
    const { state, patch } = recorder();
    const answer = deferred<Result<number>>();
    const running = runAction(patch, 'save', () => answer.promise, { start: { message: null }, done: (n) => ({ message: `saved ${n}` }) });
    expect(state).toEqual({ busy: 'save', actionError: null, message: null });
    answer.resolve(ok(3));
    await expect(running).resolves.toBe(3);
    expect(state).toEqual({ busy: null, actionError: null, message: 'saved 3' });
  });

  test('keeps a failure in actionError and answers null', async () => {
    const { state, patch } = recorder();
    const refused = fail('forbidden', 'No.') as { ok: false; error: ContractError };
    await expect(runAction(patch, 'save', async () => refused)).resolves.toBeNull();
    expect(state).toEqual({ busy: null, actionError: refused.error, message: 'old' });
  });
});

describe('loadLatest', () => {
  const recorder = () => {
    const state: LoadState = { loading: false, error: null };
    return { state, patch: (changes: Partial<LoadState>) => Object.assign(state, changes) };
  };

  test('sets loading, and answers the value for the caller to store', async () => {
    const { state, patch } = recorder();
    const answer = deferred<Result<string[]>>();
    const loading = loadLatest(patch, () => answer.promise);
    expect(state.loading).toBe(true);
    answer.resolve(ok(['a']));
    await expect(loading).resolves.toEqual(['a']);
  });

  test('keeps a failure in error', async () => {
    const { state, patch } = recorder();
    const refused = fail('unavailable', 'Down.') as { ok: false; error: ContractError };
    await expect(loadLatest(patch, async () => refused)).resolves.toBeUndefined();
    expect(state).toEqual({ loading: false, error: refused.error });
  });

  test('drops an earlier answer that arrives after a later one', async () => {
    const { state, patch } = recorder();
    const guard = latestAnswer();
    const early = deferred<Result<string>>();
    const late = deferred<Result<string>>();
    const first = loadLatest(patch, () => early.promise, guard);
    const second = loadLatest(patch, () => late.promise, guard);
    late.resolve(ok('late'));
    await expect(second).resolves.toBe('late');
    early.resolve(fail('internal', 'stale') as Result<string>);
    await expect(first).resolves.toBeUndefined();
    expect(state.error).toBeNull();
  });
});
