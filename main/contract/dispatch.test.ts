import type { FlotillaApi } from './api';
import { createDispatcher } from './dispatch';
import { FlotillaError } from './errors';
import { fakeApi as completeApi } from '../../test/support/fake-api';

function fakeApi(overrides: Partial<FlotillaApi['projects']> = {}): FlotillaApi {
  return completeApi({
    app: { info: async () => ({ name: 'Flotilla', version: '1.0.0', mode: 'cli', projectsDir: '/p', platform: 'linux', tray: { status: 'none' as const, detail: 'The command line has no tray icon.' } }) },
    projects: {
      list: async () => [],
      get: async ({ id }) => {
        throw new FlotillaError('not-found', `No project '${id}'`, { id });
      },
      preview: async (input) => ({ userData: `#!/bin/sh\n# ${input.gitBranch}`, bytes: 1, base64Bytes: 4, limitBytes: 16384 }),
      ...overrides,
    },
  });
}

describe('createDispatcher', () => {
  const unexpected = vi.fn();
  const dispatch = (api = fakeApi()) => createDispatcher(api, { onUnexpectedError: unexpected });
  beforeEach(() => unexpected.mockReset());

  test('answers ok with the value', async () => {
    expect(await dispatch()('app.info', {})).toEqual({ ok: true, value: expect.objectContaining({ name: 'Flotilla' }) });
  });

  test('treats a missing payload as empty input', async () => {
    expect(await dispatch()('projects.list', undefined)).toEqual({ ok: true, value: [] });
  });

  test('an unknown method is not-found', async () => {
    const result = await dispatch()('projects.destroyEverything', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('projects.destroyEverything') } });
  });

  test('a payload of the wrong type is bad-request naming the field', async () => {
    const result = await dispatch()('projects.preview', { id: 'web', gitUser: 'octocat', gitBranch: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', data: { field: 'gitBranch' } } });
    expect(!result.ok && result.error.message).toContain("field 'gitBranch'");
  });

  test('a missing field is bad-request naming it', async () => {
    const result = await dispatch()('projects.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', data: { field: 'id' } } });
  });

  test('an extra field is refused', async () => {
    const result = await dispatch()('projects.get', { id: 'x', admin: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  test('a non-object payload is refused before it reaches the core', async () => {
    const preview = vi.fn();
    const result = await dispatch(fakeApi({ preview }))('projects.preview', 'rm -rf /');
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(preview).not.toHaveBeenCalled();
  });

  test('a FlotillaError keeps its code, message and data', async () => {
    expect(await dispatch()('projects.get', { id: 'nope' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: "No project 'nope'", data: { id: 'nope' } },
    });
  });

  test('anything else becomes internal, is reported, and leaks no detail', async () => {
    const boom = new Error('secret detail at /home/me/.aws/credentials');
    const result = await dispatch(fakeApi({ list: async () => Promise.reject(boom) }))('projects.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(unexpected).toHaveBeenCalledWith('projects.list', boom);
  });
});
